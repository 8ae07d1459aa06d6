"""The public API is what README.md's "Python" section lists, no more: ``il7onto.__all__`` equals that
table, every name imports and has a docstring and type hints, and ``import il7onto`` imports nothing
else of the package (the API imports its implementation on first call)."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys

import pytest

import il7onto


def _documented(readme: str) -> list[str]:
    section = readme.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    table = section.split("The public API", 1)[1]
    return re.findall(r"^\| `(?:il7onto\.)?(\w+)", table, re.M)


@pytest.fixture(scope="module")
def documented(repo) -> list[str]:
    return _documented((repo / "README.md").read_text(encoding="utf-8"))


def test_all_is_the_documented_api(documented):
    assert len(documented) > 5
    assert sorted(il7onto.__all__) == sorted(documented)
    assert len(set(il7onto.__all__)) == len(il7onto.__all__)


def test_every_public_name_imports_and_says_what_it_is(documented):
    for name in documented:
        value = getattr(il7onto, name)
        if name == "__version__":
            assert re.fullmatch(r"\d+\.\d+\.\d+", value)
            continue
        assert inspect.getdoc(value), name
        assert getattr(value, "__module__", "").startswith("il7onto"), name


def test_every_public_function_is_fully_annotated():
    functions = [getattr(il7onto, name) for name in il7onto.__all__ if inspect.isfunction(getattr(il7onto, name))]
    assert {f.__name__ for f in functions} >= {"load", "store", "query", "validate", "export", "reason"}
    for function in functions:
        signature = inspect.signature(function)
        assert signature.return_annotation is not inspect.Signature.empty, function.__name__
        for parameter in signature.parameters.values():
            assert parameter.annotation is not inspect.Parameter.empty, (function.__name__, parameter.name)


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'engine'"):
        il7onto.engine  # noqa: B018 - the subpackages are not attributes until imported


def test_import_il7onto_imports_none_of_its_modules():
    code = "import sys, il7onto; print(' '.join(sorted(m for m in sys.modules if m.startswith('il7onto'))))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["il7onto"]


def test_the_api_answers_like_the_modules_behind_it(tmp_path):
    from il7onto.sparql.queries import run

    assert il7onto.query("receptor-chains") == run("receptor-chains")
    assert il7onto.query_text("ASK { il7:IL7 ?p ?o }") is True
    assert isinstance(il7onto.query("receptor-chains"), il7onto.Result)
    assert il7onto.query("receptor-chains", engine=il7onto.backend("rdflib")) == run("receptor-chains")
    assert len(il7onto.store()) == len(il7onto.load())
    report = il7onto.validate()
    assert (report.conforms, report.exit_code) == (True, 0)
    written = il7onto.export("turtle", tmp_path / "il7onto.ttl")
    assert written == [tmp_path / "il7onto.ttl"] and written[0].stat().st_size > 0
    with pytest.raises(il7onto.Il7ontoError):
        il7onto.query("no-such-query")
