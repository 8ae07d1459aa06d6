"""Why a user's file is refused, and where: the checks before a parser reads it (not a regular file,
too large, raw NUL bytes, DOCTYPE/ENTITY declarations, OWL/XML, remote JSON-LD contexts) and the one-line
messages naming file, line and column for what a parser rejects (:mod:`il7onto.core.userdata` reads)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from .errors import InputError, UnsafeInputError

LIMIT_FLAG = "--max-input-mb"
_XML_DECL = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def too_large(path: Path, limit: int) -> InputError:
    return InputError(f"{path}: larger than the {limit // 2**20} MiB limit for this reader; "
                      f"raise it with {LIMIT_FLAG} N if you have the memory")


def check_file(path: Path, fmt: str, limit: int) -> None:
    """Refuse a file pyoxigraph is about to read from disk: not a regular file (a FIFO or device
    may never end), unreadable, over ``limit`` bytes, holding a raw NUL byte, or RDF/XML with a
    DOCTYPE/ENTITY declaration or an OWL/XML document (scanned in chunks, never read whole)."""
    try:
        require_regular(path)
        size = path.stat().st_size
        if size <= limit:
            scan(path, fmt)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if size > limit:
        raise too_large(path, limit)


def require_regular(path: Path) -> None:
    import stat

    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) \
            else "a folder" if stat.S_ISDIR(mode) else "a socket"
        raise InputError(f"{path}: is {kind}, not a regular file; refused (it may never end: save it to a file)")


def nul_refused(path: Path, data: bytes, offset: int) -> InputError:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return InputError(f"{path}:{line}:{column}: a raw NUL byte; refused (binary data, or a broken encoding?)")


def scan(path: Path, fmt: str, chunk: int = 1 << 20) -> None:
    """Refuse raw NUL bytes (any format) and DOCTYPE/ENTITY declarations or OWL/XML (RDF/XML)."""
    tail = b""
    first = True
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            if b"\0" in block:
                raise nul_refused(path, path.read_bytes()[: handle.tell()], handle.tell() - len(block) + block.index(b"\0"))
            if fmt == "rdfxml":
                if _XML_DECL.search(tail + block):
                    raise declarations_refused(path)
                if first:
                    refuse_owl_xml(path, block[:65536])
                tail = block[-32:]
            first = False


_OWL = "http://www.w3.org/2002/07/owl#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def refuse_owl_xml(path: Path, head: bytes) -> None:
    """Refuse an OWL/XML document given as RDF/XML: its root is owl:Ontology with no rdf: attribute
    (an RDF/XML node element would carry rdf:about or rdf:ID); RDF parsers read it as junk triples."""
    import xml.parsers.expat

    root: list = []
    parser = xml.parsers.expat.ParserCreate(namespace_separator="|")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def start(name, attributes):
        if not root:
            root.append((name, attributes))
            raise StopIteration

    parser.StartElementHandler = start
    try:
        parser.Parse(head, False)
    except (StopIteration, xml.parsers.expat.ExpatError):
        pass
    if root and root[0][0] == _OWL + "|Ontology" and not any(key.startswith(_RDF) for key in root[0][1]):
        raise InputError(f"{path}: this is OWL/XML, not RDF/XML; convert it first "
                         "(e.g. `robot convert --input FILE --output FILE.owl --format owl`)")


def syntax_error(path: Path, fmt: str, exc: SyntaxError) -> InputError:
    """pyoxigraph's SyntaxError as one located InputError (RDF/XML positions found by re-reading)."""
    data = path.read_bytes() if fmt == "rdfxml" and not exc.lineno else b""
    return InputError(f"{oxi_location(path, data, fmt, exc)}: syntax error: {oxi_reason(exc)}")


def imports_refused(path: Path) -> UnsafeInputError:
    return UnsafeInputError(f"{path}: owl:imports is refused (imports are never resolved); "
                            "remove it and pass the imported file as another argument")


def declarations_refused(path: Path) -> UnsafeInputError:
    return UnsafeInputError(f"{path}: RDF/XML with a DOCTYPE or ENTITY declaration is refused "
                            "(entities can read files or the network)")


def oxi_location(path: Path, data: bytes, fmt: str, exc: SyntaxError) -> str:
    if exc.lineno:
        return f"{path}:{exc.lineno}:{exc.offset or 1}"
    if fmt == "rdfxml":  # pyoxigraph gives no position for XML errors: ask the (entity-free) SAX parser
        import xml.sax
        from xml.sax.handler import ContentHandler, feature_external_ges, feature_external_pes

        parser = xml.sax.make_parser()
        parser.setFeature(feature_external_ges, False)
        parser.setFeature(feature_external_pes, False)
        parser.setContentHandler(ContentHandler())
        try:
            import io

            parser.parse(io.BytesIO(data))
        except xml.sax.SAXParseException as sax:
            return f"{path}:{sax.getLineNumber()}:{sax.getColumnNumber() + 1}"
        except Exception:  # noqa: BLE001 - location is best effort
            pass
    return str(path)


def oxi_reason(exc: SyntaxError) -> str:
    message = str(exc.msg or exc).strip()
    message = re.sub(r"^Parser error (at|between) line \d+ column \d+( and line \d+ column \d+)?: ", "", message)
    return message.splitlines()[0][:200] if message else "SyntaxError"


def check_jsonld(path: Path, text: str):
    """The parsed JSON document, after refusing duplicate keys and non-inline contexts."""
    def no_duplicates(pairs):
        seen = {}
        for key, value in pairs:
            if key in seen:
                raise InputError(f"{path}: JSON object with the key {json.dumps(key)[:80]} twice "
                                 "(one of the values would be silently dropped)")
            seen[key] = value
        return seen

    try:
        document = json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: syntax error: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{path}: JSON nested too deeply to read (more than ~{sys.getrecursionlimit()} levels)") from None

    def walk(node) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    check_context(path, key, value)
                walk(value)

    walk(document)
    return document


def check_context(path: Path, key: str, value) -> None:
    values = value if isinstance(value, list) else [value]
    for item in values:
        if key == "@context" and (item is None or isinstance(item, dict)):
            continue
        raise UnsafeInputError(f"{path}: JSON-LD {key} {json.dumps(item)[:80]} is refused: "
                               "only inline @context objects are allowed (no remote, file or relative contexts)")


def reason(exc: Exception) -> str:
    message = (getattr(exc, "_why", None) or getattr(exc, "message", None)
               or (exc.getMessage() if hasattr(exc, "getMessage") else None))
    message = str(message or exc).strip().splitlines()
    return message[0][:200] if message else type(exc).__name__
