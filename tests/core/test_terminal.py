"""The one sanitiser for stderr (il7onto/core/terminal.py): any text becomes one printable line."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, strategies as st

from il7onto.core.terminal import sanitise


@given(st.text())
@example("\x1b[2J\x1b]0;pwned\x07il7onto: loaded OK\nfake line\r\u2028\u202eevil\x9b31m\x7f")
def test_any_text_becomes_one_line_without_control_characters(text):
    line = sanitise(text)
    assert "\n" not in line and "\r" not in line
    assert not any(unicodedata.category(ch) == "Cc" for ch in line)
    assert not any(ch in line for ch in "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Zl", "Zp", "Cf"))))
def test_printable_text_is_unchanged(text):
    assert sanitise(text) == text


def test_escapes_are_shown_not_dropped():
    assert sanitise("a\x1b[31mb\nc\td") == "a\\x1b[31mb\\nc\\td"
