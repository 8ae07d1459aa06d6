"""Locate the data shipped with the package (ontology, shapes, queries).

In a wheel the top-level data folders are installed as ``il7onto/_data/<name>``; in a source
checkout they are read from the repository root, so they exist exactly once in the tree. Files are
located beside the package (what ``importlib.resources.files`` returns for an installed package);
zipped installs are not supported. The start-up path uses :func:`data_path` / :func:`ontology_paths`
(plain strings: importing pathlib costs ~5 ms of a ~35 ms query).
"""

from __future__ import annotations

import os

_FOLDERS = ("ontology", "shapes", "queries")
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the il7onto folder, above core/
_FOUND: dict[str, str] = {}


def data_path(name: str) -> str:
    """The folder holding the shipped ``name`` data (one of ontology, shapes, queries), as a string."""
    if name in _FOUND:
        return _FOUND[name]
    if name not in _FOLDERS:
        raise ValueError(f"unknown data folder {name!r}; expected one of {', '.join(_FOLDERS)}")
    for candidate in (os.path.join(_PACKAGE, "_data", name), os.path.join(os.path.dirname(_PACKAGE), name)):
        if os.path.isdir(candidate):
            _FOUND[name] = candidate
            return candidate
    raise FileNotFoundError(f"il7onto data folder {name!r} is missing from the installation")


def data_dir(name: str):
    """The folder holding the shipped ``name`` data, as a ``pathlib.Path``."""
    from pathlib import Path

    return Path(data_path(name))


def data_files(name: str, suffix: str) -> list:
    """The files of a data folder with the given suffix (``pathlib.Path``), in sorted order."""
    from pathlib import Path

    folder = data_path(name)
    return [Path(folder, entry) for entry in sorted(os.listdir(folder)) if entry.endswith(suffix)]


def ontology_paths() -> list[str]:
    """The Turtle modules that together make the ontology, as strings, in sorted order."""
    folder = data_path("ontology")
    return [os.path.join(folder, entry) for entry in sorted(os.listdir(folder)) if entry.endswith(".ttl")]


def ontology_files() -> list:
    """The Turtle modules that together make the ontology (``pathlib.Path``)."""
    return data_files("ontology", ".ttl")


def jsonld_context_text() -> str:
    """The package's compact JSON-LD context (``il7onto/context.jsonld``), as shipped."""
    with open(os.path.join(_PACKAGE, "context.jsonld"), encoding="utf-8") as handle:
        return handle.read()
