"""What reaches the terminal: one sanitiser for every line built from server- or user-supplied text.

A store's error body, a file name or a URL may carry ANSI escape sequences (clear the screen,
move the cursor, set the window title), other control characters or line breaks that would split
one error line into a fake second one. :func:`sanitise` shows each of them as a visible escape
(``\\x1b``, ``\\n``, ``\\u2028``) so the line stays one line and the terminal does nothing.
"""

from __future__ import annotations

import sys

# C0 controls (tab included), DEL, C1 controls, and the Unicode line/paragraph separators and
# bidirectional overrides that can reorder what a reader sees.
_UNSAFE = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029,
           *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_ESCAPES = {code: (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}") for code in _UNSAFE}
_ESCAPES.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def sanitise(text: object) -> str:
    """``text`` as one printable line: control characters and escape sequences made visible."""
    return str(text).translate(_ESCAPES)


def say(message: object) -> None:
    """Write one sanitised line to standard error (never raises: stderr may be closed too)."""
    try:
        stream = sys.stderr
        if stream is not None:
            stream.write(sanitise(message) + "\n")
            stream.flush()
    except (OSError, ValueError):
        pass
