"""Standard output for the CLI: the one place that writes, flushes and reports a failed write."""

from __future__ import annotations

import sys

from .errors import InputError


def emit(data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) to standard output and flush it.

    A failed write (``> /dev/full``) raises :class:`InputError` (exit 3). ``BrokenPipeError`` is
    left to the caller: a reader that went away (``| head``) is not an error, and the CLI exits 0.
    """
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        raise InputError("cannot write to standard output: it is closed")
    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a text-only stream (e.g. io.StringIO in an embedding program)
            sys.stdout.write(data if isinstance(data, str) else data.decode("utf-8"))
            sys.stdout.flush()
            return
        sys.stdout.flush()  # anything already written as text goes first
        buffer.write(data.encode("utf-8") if isinstance(data, str) else data)
        buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise InputError(f"cannot write to standard output: {exc.strerror or exc}") from None
