"""Shared fixtures: the repository, the reference tables, the bundled ontology.

The reference tables and the abstract are copies kept in ``tests/data/`` (see its README): the
tests never read outside the repository, and :func:`_refuse_reads_outside_the_repository` makes any
attempt to open a file beside the clone fail the run.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
REFERENCE = DATA / "reference"
SEED = DATA / "seed" / "il7-comprehensive-review-abstract.txt"


def _refuse_reads_outside_the_repository() -> list[str]:
    """Record every file opened beside the repository (its parent folder, outside the clone).

    A user's clone has nothing beside it, so such a read passes in CI (where shared/ sits next to
    the clone) and fails for users. Temporary folders, the virtual environment and the system are
    elsewhere and stay allowed. Returns the list that the session-end check inspects.
    """
    import os
    import sys

    parent = str(REPO.parent) + os.sep
    inside = str(REPO) + os.sep
    seen: list[str] = []

    def hook(event: str, args: tuple) -> None:
        if event != "open" or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        try:
            path = os.path.abspath(os.fsdecode(args[0]))
        except (TypeError, ValueError):
            return
        if path.startswith(parent) and not (path + os.sep).startswith(inside) and path != str(REPO):
            seen.append(path)

    sys.addaudithook(hook)
    return seen


OUTSIDE_READS = _refuse_reads_outside_the_repository()


def pytest_sessionfinish(session, exitstatus):
    """Fail the run if anything opened a file outside the repository."""
    if OUTSIDE_READS:
        import sys

        print(f"\nerror: the tests opened {len(OUTSIDE_READS)} file(s) outside the repository, e.g. "
              f"{OUTSIDE_READS[0]}; a user's clone has nothing beside it", file=sys.stderr)
        session.exitstatus = 1


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


def reference_table(name: str) -> list[dict[str, str]]:
    path = REFERENCE / name
    if not path.exists():
        pytest.fail(f"reference table {path} is missing (tests/data/reference/ is part of the repository)")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture(scope="session")
def identifiers() -> list[dict[str, str]]:
    return reference_table("identifiers.tsv")


@pytest.fixture(scope="session")
def mesh_descriptors() -> dict[str, str]:
    return {row["mesh_id"]: row["heading"] for row in reference_table("mesh-descriptors.tsv")}


@pytest.fixture(scope="session")
def hgnc_genes() -> list[dict[str, str]]:
    return reference_table("hgnc-genes.tsv")


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
