"""Locate the data shipped with the package (ontology, shapes, queries).

In a wheel the top-level data folders are installed as ``il7onto/_data/<name>``; in a source
checkout they are read from the repository root, so they exist exactly once in the tree.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

_FOLDERS = ("ontology", "shapes", "queries")


@cache
def data_dir(name: str) -> Path:
    """Return the folder holding the shipped ``name`` data (one of ontology, shapes, queries)."""
    if name not in _FOLDERS:
        raise ValueError(f"unknown data folder {name!r}; expected one of {', '.join(_FOLDERS)}")
    installed = Path(str(resources.files("il7onto"))) / "_data" / name
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"il7onto data folder {name!r} is missing from the installation")


def data_files(name: str, suffix: str) -> list[Path]:
    """The files of a data folder with the given suffix, in a stable (sorted) order."""
    return sorted(data_dir(name).glob(f"*{suffix}"))


def ontology_files() -> list[Path]:
    """The Turtle modules that together make the ontology."""
    return data_files("ontology", ".ttl")
