"""Shared fixtures: the repository, the reference tables, the bundled ontology."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO.parent / "shared" / "reference"
SEED = REPO.parent / "shared" / "seed" / "il7-comprehensive-review-abstract.txt"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


def _table(name: str) -> list[dict[str, str]]:
    path = REFERENCE / name
    if not path.exists():
        pytest.fail(f"reference table {path} is missing (shared/reference/ must sit beside the repository)")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


SUPPLEMENT = REPO / "tests" / "data" / "identifiers-supplement.tsv"


@pytest.fixture(scope="session")
def identifiers() -> list[dict[str, str]]:
    """The shared table plus the repository's supplement (identifiers checked since, with their source)."""
    with SUPPLEMENT.open(encoding="utf-8", newline="") as handle:
        return _table("identifiers.tsv") + list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture(scope="session")
def mesh_descriptors() -> dict[str, str]:
    return {row["mesh_id"]: row["heading"] for row in _table("mesh-descriptors.tsv")}


@pytest.fixture(scope="session")
def hgnc_genes() -> list[dict[str, str]]:
    return _table("hgnc-genes.tsv")


@pytest.fixture(scope="session")
def seed_abstract() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def graph():
    import il7onto

    return il7onto.load()


@pytest.fixture(scope="session")
def store():
    import il7onto

    return il7onto.store()
