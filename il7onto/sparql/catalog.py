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

import os
import re
from collections.abc import Mapping
from functools import cache

from ..core.errors import UsageError
from ..core.resources import data_files, data_path

TYPE_CHECKING = False  # typing stays off the cold query path
if TYPE_CHECKING:
    from typing import Any

_FIELD = re.compile(r"^#\s*(title|question|description|keywords|param):\s*(.*)$")
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PARAM_SEPARATOR = re.compile(r"\s+\|\s+")  # fields are separated by " | "; a bare "|" belongs to a pattern
_WHERE = re.compile(r"^\s*WHERE\s*\{", re.IGNORECASE | re.MULTILINE)
_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)


class Parameter:
    """A query parameter: a SPARQL variable bound to an RDF term built from a checked value.

    ``type`` is iri, string or integer; ``template`` turns an iri value into an IRI, e.g.
    ``http://id.nlm.nih.gov/mesh/{value}``. (Plain classes: dataclasses costs ~5 ms at start-up.)
    """

    __slots__ = ("name", "type", "pattern", "description", "default", "required", "template")

    def __init__(self, name, type, pattern, description, default=None, required=False, template=None):
        self.name, self.type, self.pattern, self.description = name, type, pattern, description
        self.default, self.required, self.template = default, required, template

    def __repr__(self) -> str:
        return f"Parameter({self.name!r}, {self.type!r}, {self.pattern!r})"

    def term(self, value: object) -> Any:
        """Check ``value`` (see :meth:`normalise`) and return it as a pyoxigraph term."""
        import pyoxigraph

        value = self.normalise(value)
        if self.type == "iri":
            return pyoxigraph.NamedNode((self.template or "{value}").format(value=value))
        if self.type == "integer":
            return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        return pyoxigraph.Literal(value)

    def normalise(self, value: object) -> str:
        """``value`` in the form the pattern declares, accepting what tables print and users type.

        An iri parameter takes the bare id (``3574``), a CURIE (``NCBIGene:3574``, any prefix case)
        or the full IRI (with or without ``<>``) of its template; a parameter listing its choices
        (``a|b|c``) takes them in any case and spacing (``mesh``, ``MeSH``, ``NCBI Gene``); an int
        stands for its decimal digits. The result must still match the pattern: a usage error names
        the accepted forms otherwise.
        """
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            if re.fullmatch(self.pattern, value):
                return value
            candidate = self._local_id(value) if self.type == "iri" else self._choice(value)
            if candidate is not None and re.fullmatch(self.pattern, candidate):
                return candidate
        raise UsageError(
            f"parameter {self.name!r}: value {_shorten(value)!r} does not match {self.pattern!r}; "
            f"accepted: {self.accepted_forms()} ({self.description})"
        )

    def accepted_forms(self) -> str:
        """The forms :meth:`normalise` accepts, in words."""
        choices = self._choices()
        if choices:
            return f"one of {', '.join(choices)} (any case)"
        if self.type != "iri" or not self.template:
            return f"a value matching /{self.pattern}/"
        from ..core.namespaces import display_prefix_of

        head, _, tail = self.template.partition("{value}")
        prefix = display_prefix_of(head) if not tail else None
        curie = f", a CURIE {prefix}:ID" if prefix else ""
        return f"an ID matching /{self.pattern}/{curie} or the IRI <{head}ID{tail}>"

    def _local_id(self, value: str) -> str | None:
        from ..core.namespaces import expand_loose

        head, _, tail = (self.template or "{value}").partition("{value}")
        iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        if "://" not in iri:
            iri = expand_loose(value) or ""
        if head and iri.startswith(head) and iri.endswith(tail) and len(iri) > len(head) + len(tail):
            return iri[len(head):len(iri) - len(tail)]
        return None

    def _choices(self) -> list[str]:
        alternatives = self.pattern.split("|")
        return alternatives if all(re.fullmatch(r"\w+", a) for a in alternatives) else []

    def _choice(self, value: str) -> str | None:
        key = re.sub(r"[\s_-]", "", value).lower()
        return next((choice for choice in self._choices() if choice.lower() == key), None)


class QueryDef:
    """One packaged query: its name, header fields, parameters, text and file."""

    __slots__ = ("name", "title", "question", "description", "keywords", "parameters", "text", "path")

    def __init__(self, name, title, question, description, keywords, parameters, text, path):
        self.name, self.title, self.question, self.description = name, title, question, description
        self.keywords, self.parameters, self.text, self.path = keywords, parameters, text, path

    def __repr__(self) -> str:
        return f"QueryDef({self.name!r})"

    @property
    def prefixes(self) -> dict[str, str]:
        """The PREFIX declarations of the query text."""
        return {prefix or "": iri for prefix, iri in _PREFIX.findall(self.text)}

    def bind(self, params: Mapping[str, object]) -> str:
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
            raise ValueError(f"{self.name}.rq: parameters need a 'WHERE {{' to bind into")
        values = "".join(f" VALUES ?{name} {{ {term} }}" for name, term in sorted(bindings.items()))
        return self.text[: match.end()] + values + self.text[match.end():]

    def bindings(self, params: Mapping[str, object]) -> dict[str, object]:
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


def parse(path) -> QueryDef:
    """Read one `.rq` file (a path or string) and its header."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    name = os.path.basename(path)[: -len(".rq")]
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
        raise ValueError(f"{name}.rq: header lacks {', '.join(missing)}")
    return QueryDef(
        name=name,
        title=fields["title"],
        question=fields["question"],
        description=fields["description"],
        keywords=tuple(k.strip() for k in fields["keywords"].split(",") if k.strip()),
        parameters=tuple(parameters),
        text=text,
        path=path,
    )


def _parse_parameter(spec: str, path) -> Parameter:
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


@cache
def get(name: str) -> QueryDef:
    """The packaged query called ``name``; a usage error listing the names if there is none."""
    path = os.path.join(data_path("queries"), f"{name}.rq")
    if _NAME.fullmatch(name) and os.path.isfile(path):
        return parse(path)  # one file, once: the start-up path does not read the whole catalogue
    raise UsageError(f"unknown query {name!r}; available: {', '.join(sorted(catalog()))}")
