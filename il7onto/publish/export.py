"""Export the ontology for other tools: RDF serialisations, SSSOM mappings and KGX graph files
(the tables come from :mod:`il7onto.publish.tables`; loading into a store is :mod:`il7onto.sparql.gsp`).

Every writer is deterministic (byte-identical output whatever ``PYTHONHASHSEED``) and every file is
written atomically (a temporary file in the target folder, then :func:`os.replace`), so an error
never leaves a partial file behind.

>>> from il7onto.publish.export import render
>>> text = render("sssom")
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.atomic import write_atomic  # noqa: F401 - part of this module's API
from ..core.errors import InputError, UsageError
from ..core.namespaces import ONTOLOGY_IRI
from .tables import KGX_EDGES, KGX_NODES, ontology_graph, render_kgx, sssom

if TYPE_CHECKING:
    import rdflib

RDF_FORMATS = ("turtle", "ntriples", "nquads", "rdfxml", "jsonld")
FORMATS = RDF_FORMATS + ("obo", "obographs", "sssom", "kgx", "nanopub")

# File names used by --release (and suggested by the docs).
FILENAMES = {
    "turtle": "il7onto.ttl",
    "ntriples": "il7onto.nt",
    "nquads": "il7onto.nq",
    "rdfxml": "il7onto.owl",
    "jsonld": "il7onto.jsonld",
    "obo": "il7onto.obo",
    "obographs": "il7onto.json",
    "sssom": "il7onto.sssom.tsv",
}

# Output extensions and the format each one means (longest suffix first); .obo and .json name the
# OBO and OBO Graphs JSON writers ("obo", "obographs").
EXTENSIONS = {
    ".sssom.tsv": "sssom", ".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".owl": "rdfxml",
    ".rdf": "rdfxml", ".jsonld": "jsonld", ".obo": "obo", ".json": "obographs",
}


def format_for(output: str | None, fmt: str | None) -> str:
    """The export format for ``-o output`` and ``--format fmt``: the extension decides, ``fmt`` may
    repeat it (a usage error if it contradicts it); turtle when neither says. A folder (kgx) or an
    unknown extension takes ``fmt`` as given.
    """
    suffix = next((ext for ext in EXTENSIONS if output and output.lower().endswith(ext)), None)
    implied = EXTENSIONS.get(suffix) if suffix else None
    if implied is None:
        return fmt or "turtle"
    if fmt is not None and fmt != implied:
        raise UsageError(f"-o {output}: the extension {suffix} means --format {implied}, not --format {fmt}; "
                         "change one of them")
    if implied not in FORMATS:
        raise UsageError(f"-o {output}: {implied} export ({suffix}) is not available in this version; "
                         f"extensions: {', '.join(e for e, f in EXTENSIONS.items() if f in FORMATS)}")
    return implied


# --- the graph -----------------------------------------------------------------------------------


def render(fmt: str, graph: "rdflib.Graph | None" = None) -> str:
    """The ontology (or ``graph``) in one of the single-file formats (all but ``kgx``)."""
    from . import serialize

    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "kgx":
        raise UsageError("kgx is two files (nodes and edges); use render_kgx() or -o DIR")
    graph = ontology_graph() if graph is None else graph
    if fmt == "turtle":
        return serialize.turtle(graph)
    if fmt == "ntriples":
        return serialize.ntriples(graph)
    if fmt == "nquads":
        return serialize.nquads(graph, ONTOLOGY_IRI)
    if fmt == "rdfxml":
        return serialize.rdfxml(graph)
    if fmt == "jsonld":
        return serialize.jsonld(graph)
    if fmt in ("obo", "obographs"):
        from . import obo

        return obo.render("obo" if fmt == "obo" else "obojson", graph)
    if fmt == "nanopub":
        from .nanopub import render as nanopubs

        return nanopubs(graph)
    return sssom(graph)


# --- writing -------------------------------------------------------------------------------------


def write(fmt: str, output: str | os.PathLike, graph: "rdflib.Graph | None" = None) -> list[Path]:
    """Write one format to ``output`` (for kgx: a folder, created if needed); return the paths.

    Writing into the installed package (its code or its ontology/shapes/queries data) is refused
    with :class:`UnsafeInputError` (exit 4): it would break every later command.
    """
    refuse_package_path(output)
    if fmt == "kgx":
        folder = Path(output)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create folder {folder}: {exc.strerror}") from None
        nodes, edges = render_kgx(graph)
        return [_write(folder / KGX_NODES, nodes), _write(folder / KGX_EDGES, edges)]
    return [_write(Path(output), render(fmt, graph))]


def refuse_package_path(output: str | os.PathLike) -> None:
    """Refuse ``output`` if it is, or is inside, the package or one of its data folders."""
    from ..core.errors import UnsafeInputError
    from ..core.resources import _FOLDERS, _PACKAGE, data_path

    target = os.path.realpath(output)
    protected = [os.path.realpath(_PACKAGE)] + [os.path.realpath(data_path(name)) for name in _FOLDERS]
    for folder in protected:
        if target == folder or target.startswith(folder + os.sep):
            raise UnsafeInputError(f"refusing to write {output}: it is inside the installed il7onto package "
                                   f"({folder}); choose another path")


def _write(path: Path, data: str) -> Path:
    try:
        return write_atomic(path, data)
    except OSError as exc:  # write_atomic reports its own errors; this covers a failing release step
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None


def release(folder: str | os.PathLike) -> list[Path]:
    """Write every artefact into ``folder`` plus ``SHA256SUMS``; return the paths written.

    All or nothing: the artefacts are rendered and written into a temporary folder beside
    ``folder`` first. Only when all of them are complete is that folder renamed to ``folder``
    (if ``folder`` does not exist or is empty), or its files moved into ``folder`` one
    ``os.replace`` at a time, SHA256SUMS last. A failure or an interrupt before that leaves
    ``folder`` as it was and removes the temporary folder.
    """
    import shutil

    from ..core.resources import jsonld_context_text

    refuse_package_path(folder)
    folder = Path(folder)
    parent = folder.parent if str(folder.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"cannot write the release into {folder}: it is not a folder")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise InputError(f"cannot create folder {folder}: {exc.strerror or exc}") from None
    try:
        graph = ontology_graph()
        staged = [_write(staging / FILENAMES[fmt], render(fmt, graph)) for fmt in FILENAMES]
        staged += write("kgx", staging, graph)
        staged.append(_write(staging / "context.jsonld", jsonld_context_text()))
        sums = "".join(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n"
                       for path in sorted(staged, key=lambda p: p.name))
        staged.append(_write(staging / "SHA256SUMS", sums))
        try:
            os.chmod(staging, 0o755)
            renamed = False
            if not folder.exists() or not any(folder.iterdir()):
                try:
                    os.replace(staging, folder)  # rename(2) replaces an empty folder
                    renamed = True
                except OSError as exc:  # another run got there first: move the files in
                    if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                        raise
            if not renamed:
                folder.mkdir(exist_ok=True)
                for path in staged:
                    os.replace(path, folder / path.name)
        except OSError as exc:
            raise InputError(f"cannot write the release into {folder}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / path.name for path in staged]


