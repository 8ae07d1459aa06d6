"""The packaged query catalogue: `.rq` files with a structured comment header.

Header lines at the top of each file (before the first non-comment line)::

    # title: Short title
    # question: The question in plain English?
    # description: What the answer holds.
    # keywords: comma, separated
    # param: NAME | type: iri|string|integer | pattern: REGEX | default: VALUE | required: yes|no
    #        | template: IRI{value} | description: TEXT   (one line)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .errors import UsageError
from .resources import data_files

_FIELD = re.compile(r"^#\s*(title|question|description|keywords|param):\s*(.*)$")
_PARAM_SEPARATOR = re.compile(r"\s+\|\s+")  # fields are separated by " | "; a bare "|" belongs to a pattern
_WHERE = re.compile(r"^\s*WHERE\s*\{", re.IGNORECASE | re.MULTILINE)
_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Parameter:
    """A query parameter: a SPARQL variable bound to an RDF term built from a checked value."""

    name: str
    type: str  # iri | string | integer
    pattern: str
    description: str
    default: str | None = None
    required: bool = False
    template: str | None = None  # for type iri: e.g. http://id.nlm.nih.gov/mesh/{value}

    def term(self, value: str):
        """Check ``value`` against the declared pattern and return it as a pyoxigraph term."""
        import pyoxigraph

        if not isinstance(value, str) or re.fullmatch(self.pattern, value) is None:
            raise UsageError(
                f"parameter {self.name!r}: value {_shorten(value)!r} does not match {self.pattern!r} "
                f"({self.description})"
            )
        if self.type == "iri":
            return pyoxigraph.NamedNode((self.template or "{value}").format(value=value))
        if self.type == "integer":
            return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        return pyoxigraph.Literal(value)


@dataclass(frozen=True)
class QueryDef:
    """One packaged query and its metadata."""

    name: str
    title: str
    question: str
    description: str
    keywords: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    text: str
    path: Path = field(compare=False)

    @property
    def prefixes(self) -> dict[str, str]:
        """The PREFIX declarations of the query text."""
        return {prefix or "": iri for prefix, iri in _PREFIX.findall(self.text)}

    def bind(self, params: dict[str, str]) -> str:
        """The query text with the validated parameters bound as RDF terms.

        Each value is checked against its declared pattern, built into an RDF term by pyoxigraph
        (which rejects invalid IRIs and escapes literals), and bound with a SPARQL ``VALUES`` block
        at the start of the outermost group, so it joins before any FILTER (like rdflib's
        initBindings). Unset optional parameters stay unbound.
        """
        bindings = self.bindings(params)
        if not bindings:
            return self.text
        match = _WHERE.search(self.text)
        if match is None:
            raise ValueError(f"{self.path.name}: parameters need a 'WHERE {{' to bind into")
        values = "".join(f" VALUES ?{name} {{ {term} }}" for name, term in sorted(bindings.items()))
        return self.text[: match.end()] + values + self.text[match.end():]

    def bindings(self, params: dict[str, str]) -> dict[str, object]:
        """Validate user-supplied parameters and return variable name -> RDF term."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(params) - set(known))
        if unknown:
            allowed = ", ".join(sorted(known)) or "none"
            raise UsageError(f"query {self.name!r} has no parameter {unknown[0]!r} (allowed: {allowed})")
        result = {}
        for name, parameter in known.items():
            value = params.get(name, parameter.default)
            if value is None and parameter.required:
                raise UsageError(
                    f"query {self.name!r} needs --param {name}=VALUE ({parameter.description}; pattern {parameter.pattern})"
                )
            if value is not None:
                result[name] = parameter.term(value)
        return result


def _shorten(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "..."


def parse(path: Path) -> QueryDef:
    """Read one `.rq` file and its header."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    parameters = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _FIELD.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            parameters.append(_parse_parameter(value, path))
        else:
            fields[key] = value.strip()
    missing = [key for key in ("title", "question", "description", "keywords") if key not in fields]
    if missing:
        raise ValueError(f"{path.name}: header lacks {', '.join(missing)}")
    return QueryDef(
        name=path.stem,
        title=fields["title"],
        question=fields["question"],
        description=fields["description"],
        keywords=tuple(k.strip() for k in fields["keywords"].split(",") if k.strip()),
        parameters=tuple(parameters),
        text=text,
        path=path,
    )


def _parse_parameter(spec: str, path: Path) -> Parameter:
    name, *parts = [part.strip() for part in _PARAM_SEPARATOR.split(spec)]
    attributes = {}
    for part in parts:
        key, _, value = part.partition(":")
        attributes[key.strip()] = value.strip()
    default = attributes.get("default") or None
    return Parameter(
        name=name,
        type=attributes.get("type", "string"),
        pattern=attributes["pattern"],
        description=attributes.get("description", ""),
        default=None if default in (None, "(none)") else default,
        required=attributes.get("required", "no").lower() in ("yes", "true"),
        template=attributes.get("template") or None,
    )


@cache
def catalog() -> dict[str, QueryDef]:
    """All packaged queries, by name."""
    return {path.stem: parse(path) for path in data_files("queries", ".rq")}


def get(name: str) -> QueryDef:
    """The packaged query called ``name``; a usage error listing the names if there is none."""
    queries = catalog()
    if name not in queries:
        raise UsageError(f"unknown query {name!r}; available: {', '.join(sorted(queries))}")
    return queries[name]
