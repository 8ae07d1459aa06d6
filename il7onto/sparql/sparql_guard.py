"""Vetting of a user's SPARQL query before any engine sees it (packaged queries are trusted).

Three steps, in this order:

1. Size bounds, before any parser: brackets ``{ ( [`` nested beyond :data:`MAX_NESTING` or more
   than :data:`MAX_OPERATORS` operators are refused (exit 3). A small lexer skips strings, IRIs,
   comments and prefixed-name escapes, on the text as written and with its escapes expanded.
   pyoxigraph crashes the process near 3,000 nested groups or 10,000 chained ``+``; rdflib's
   parser exhausts Python's recursion near 26 nested parentheses.
2. One text for every reader: codepoint escapes (``\\uXXXX``, ``\\UXXXXXXXX``) are expanded exactly
   once, as the SPARQL grammar prescribes before parsing; an escape that produces another escape
   (``\\u005Cu0053``) is refused, since an engine that expanded again would read a different query.
   Line breaks are then written as LF (rdflib's parser ends comments only at LF, the grammar at CR
   too; a raw CR inside a long string becomes LF). Engines are given this text.
3. rdflib's SPARQL parser (a real parser of the grammar, pyparsing) reads the text. A query whose
   parse holds SERVICE or a dataset clause (FROM / FROM NAMED) is refused (exit 4); text that only
   parses as an update is refused, as unsafe if it holds LOAD. A query rdflib cannot parse is a
   syntax error (exit 3), even where another engine would accept it: the decision must come from a
   parse.

Cost, measured on the ``query --file`` cold path: importing rdflib and its SPARQL parser takes
0.3 s (1 s on a machine under load) and a short query parses in 20-100 ms; a 100 kB query can take
10 s. The packaged-query fast path never imports this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..core.errors import InputError, UnsafeInputError

# Brackets { ( [ open at once. rdflib parses 26 nested ( and 36 nested { under Python's default
# recursion limit; real queries rarely pass 10.
MAX_NESTING = 24
# Operators (|| && = != < > <= >= + - * / | ^ !) in one query: parsers nest each binary operator,
# and pyoxigraph crashes on a chain of 10,000 (fine at 5,000). Real queries use a few dozen.
MAX_OPERATORS = 2000

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class VettedQuery:
    """A user's query that passed :func:`vet`: the expanded ``text`` and rdflib's ``parsed`` tree."""

    text: str
    parsed: Any  # a pyparsing ParseResults (rdflib's parse tree)


def expand_codepoints(query: str) -> str:
    """The query with every ``\\uXXXX`` / ``\\UXXXXXXXX`` replaced by its character (SPARQL 1.1, 19.2)."""

    def character(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise InputError(f"SPARQL syntax error at line {_line(query, match.start())}: "
                             f"{match.group(0)} is not a Unicode code point")
        return chr(code)

    expanded = _CODEPOINT.sub(character, query)
    leftover = _CODEPOINT.search(expanded)
    if leftover:
        raise InputError(f"SPARQL syntax error at line {_line(expanded, leftover.start())}: a codepoint escape "
                         f"produces another escape ({leftover.group(0)}); the grammar expands escapes once")
    return expanded


_LEXEME = re.compile(
    r'''"""(?:[^"\\]|\\.|"(?!""))*(?:"""|\Z)|\'\'\'(?:[^'\\]|\\.|'(?!''))*(?:\'\'\'|\Z)'''  # long strings
    r'''|"(?:[^"\\\n\r]|\\.)*"?|'(?:[^'\\\n\r]|\\.)*'?'''  # short strings
    r'''|<[^<>"{}|^`\\\x00-\x20]*>'''  # IRIs
    r'''|\#[^\n\r]*|\\.|\^\^'''  # comments, prefixed-name escapes, datatype markers
    r'''|[{(\[]|[})\]]'''
    r'''|(?P<operator>\|\||&&|!=|<=|>=|[=<>+\-*/|^!])''',
    re.DOTALL,
)


def nesting_depth(text: str) -> int:
    """The deepest nesting of ``{ ( [`` in SPARQL text, outside strings, IRIs and comments."""
    return _measure(text)[0]


def _measure(text: str) -> tuple[int, int]:
    """(deepest nesting of ``{ ( [``, number of operators) outside strings, IRIs and comments."""
    depth = deepest = operators = 0
    for match in _LEXEME.finditer(text):
        token = match.group(0)
        if match.group("operator"):
            operators += 1
        elif token in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "})]":
            depth = max(depth - 1, 0)
    return deepest, operators


def query_depth(query: str) -> int:
    """The nesting depth of a query as written and with its codepoint escapes expanded, whichever is
    deeper (an engine may read either): an escape can neither hide a bracket nor open a string that
    hides one."""
    return max(nesting_depth(query), nesting_depth(expand_leniently(query)))


def query_operators(query: str) -> int:
    """The number of operators in a query, as written or with its escapes expanded (the larger)."""
    return max(_measure(query)[1], _measure(expand_leniently(query))[1])


def check_nesting(query: str, limit: int = MAX_NESTING, max_operators: int = MAX_OPERATORS) -> None:
    """Refuse a query nested deeper than ``limit``, or chaining more than ``max_operators``
    operators, before any parser sees it (exit 3)."""
    operators = query_operators(query)
    if operators > max_operators:
        raise InputError(f"query has {operators} operators; il7onto accepts at most {max_operators} "
                         "(long operator chains can crash SPARQL engines)")
    depth = query_depth(query)
    if depth > limit:
        raise InputError(f"query nested {depth} levels deep; il7onto accepts at most {limit} "
                         "(deeper queries can crash SPARQL parsers)")


def expand_leniently(query: str) -> str:
    """:func:`expand_codepoints` that leaves escapes of non-characters as written instead of refusing."""
    return _CODEPOINT.sub(_lenient_character, query) if "\\" in query else query


def _lenient_character(match: re.Match) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return match.group(0) if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF else chr(code)


def normalise(query: str) -> str:
    """The text every engine is given: codepoint escapes expanded once, line breaks written as LF.

    rdflib's parser ends a comment only at LF, the grammar (and pyoxigraph) at CR too: with CR left
    in, ``# x<CR>SERVICE <...>`` was a comment to rdflib and a SERVICE call to pyoxigraph.
    """
    return expand_codepoints(query).replace("\r\n", "\n").replace("\r", "\n")


def vet(query: str) -> VettedQuery:
    """Expand, bound and parse a user's query; refuse anything that could fetch (exit 4).

    Raises :class:`InputError` (exit 3) for syntax errors and excessive nesting and
    :class:`UnsafeInputError` (exit 4) for SERVICE, FROM / FROM NAMED and LOAD.
    """
    check_nesting(query)
    text = normalise(query)
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import Query

    try:
        parsed = Query.parse_string(text, parse_all=True)
    except ParseBaseException as exc:
        _refuse_update(text)  # line:column as the default engine (pyoxigraph) writes them
        from .syntax_errors import syntax_error

        raise syntax_error(text, exc.lineno, exc.col, exc.msg) from None
    except RecursionError:
        raise InputError("query nested too deeply for the SPARQL parser") from None
    _refuse_fetching(parsed)
    return VettedQuery(text, parsed)


def _refuse_update(text: str) -> None:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import UpdateUnit

    try:
        update = UpdateUnit.parse_string(text, parse_all=True)[0]
    except (ParseBaseException, RecursionError):
        return
    if any(_named(node, "Load") for node in _walk(update)):
        raise _unsafe("LOAD")
    raise InputError("the text is a SPARQL update; il7onto runs queries only")


def _refuse_fetching(parsed) -> None:
    for node in _walk(parsed):
        if _named(node, "ServiceGraphPattern"):
            raise _unsafe("SERVICE")
        if _named(node, "DatasetClause"):
            raise _unsafe("FROM NAMED" if "named" in node else "FROM")


def _unsafe(keyword: str) -> UnsafeInputError:
    return UnsafeInputError(f"query uses {keyword}: il7onto never lets a query fetch remote or local resources; "
                            "pass --allow-remote to permit it")


def _named(node, name: str) -> bool:
    return getattr(node, "name", None) == name


def _walk(root):
    """Every node of an rdflib parse tree (CompValue, ParseResults, lists), depth first, no recursion."""
    from pyparsing import ParseResults

    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, dict):  # CompValue is an OrderedDict
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
