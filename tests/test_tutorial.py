"""docs/tutorial.md cannot rot: its console blocks are run and their output compared exactly.

Conventions in the tutorial:

* a fenced block whose info string has ``file=NAME`` (e.g. ```` ```turtle file=mydata.ttl ````)
  is a file the reader creates; every such file is written into the temporary folder first;
* in a ```` ```console ```` block, a line ``$ COMMAND`` is run with bash in that folder (the
  ``il7onto`` of this Python first on PATH) and the lines up to the next ``$`` are its expected
  output (stdout and stderr together);
* ```` ```pycon ```` blocks are run as doctests, in the same kind of folder.

``IL7ONTO_UPDATE_TUTORIAL=1 pytest tests/test_tutorial.py`` rewrites the expected output in the
tutorial from the real output (then read the diff before committing it).
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

TUTORIAL = Path(__file__).resolve().parent.parent / "docs" / "tutorial.md"
UPDATE = os.environ.get("IL7ONTO_UPDATE_TUTORIAL") == "1"
_FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
# The tutorial's store address; the test starts its own Oxigraph on a free port instead.
TUTORIAL_STORE = "localhost:7878"

# Blocks whose first command starts with one of these are expected to fail for now.
# (e.g. {"il7onto load": "being built in issue N"}); empty now that every command works.
XFAIL: dict[str, str] = {}


def _blocks(text: str) -> list[tuple[str, str, str]]:
    """(info string, body, full block text) of every fenced block, in order."""
    return [(m.group(1).strip(), m.group(2), m.group(0)) for m in _FENCE.finditer(text)]


def _files(text: str) -> dict[str, str]:
    files = {}
    for info, body, _ in _blocks(text):
        match = re.search(r"\bfile=([\w.-]+)", info)
        if match:
            files[match.group(1)] = body
    return files


def _console_blocks(text: str) -> list[str]:
    return [body for info, body, _ in _blocks(text) if info == "console"]


def _commands(body: str) -> list[tuple[str, str]]:
    """(command, expected output) pairs of a console block."""
    pairs: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            pairs.append((line[2:], []))
        elif pairs:
            pairs[-1][1].append(line)
        elif line.strip():
            raise AssertionError(f"console block does not start with a '$ ' command: {line!r}")
    return [(command, "\n".join(lines) + ("\n" if lines else "")) for command, lines in pairs]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def workdir(tmp_path) -> Path:
    for name, body in _files(TUTORIAL.read_text(encoding="utf-8")).items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def triple_store(tmp_path_factory):
    """A real Oxigraph server for the `il7onto load` block, or None when oxigraph is absent."""
    program = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(program).exists():
        yield None
        return
    port = _free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen([program, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _run(command: str, cwd: Path) -> str:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200", "NO_COLOR": "1",
           "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
    completed = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=300)
    return completed.stdout.decode("utf-8")


def _update(old_body: str, new_body: str) -> None:
    text = TUTORIAL.read_text(encoding="utf-8")
    assert text.count(old_body) == 1, "block text is not unique; cannot update it"
    TUTORIAL.write_text(text.replace(old_body, new_body), encoding="utf-8")


CONSOLE = _console_blocks(TUTORIAL.read_text(encoding="utf-8"))


def _params():
    for index, body in enumerate(CONSOLE):
        first = _commands(body)[0][0] if _commands(body) else ""
        reason = next((why for prefix, why in XFAIL.items() if first.startswith(prefix)), None)
        marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason and not UPDATE else []
        yield pytest.param(index, id=f"{index}:{first[:50]}", marks=marks)


def test_tutorial_has_blocks():
    text = TUTORIAL.read_text(encoding="utf-8")
    assert len(CONSOLE) >= 5
    commands = [c for body in CONSOLE for c, _ in _commands(body)]
    for needed in ("il7onto queries", "il7onto query signaling-pathways", "il7onto query entity-by-gene --param gene=3574",
                   "il7onto query --file my.rq", "il7onto validate mydata.ttl", "il7onto load --endpoint"):
        assert any(c.startswith(needed) for c in commands), needed
    assert {"my.rq", "mydata.ttl"} <= set(_files(text))
    assert "```pycon" in text


@pytest.mark.parametrize("index", list(_params()))
def test_console_block(index, workdir, triple_store):
    body = CONSOLE[index]
    uses_store = TUTORIAL_STORE in body
    if uses_store and triple_store is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    actual_lines = []
    for command, expected in _commands(body):
        run = command.replace(TUTORIAL_STORE, triple_store) if uses_store else command
        output = _run(run, workdir)
        if uses_store:
            output = output.replace(triple_store, TUTORIAL_STORE)
        actual_lines.append(f"$ {command}\n{output}")
        if not UPDATE:
            assert output == expected, f"output of `{command}` differs from docs/tutorial.md"
    if UPDATE:
        new_body = "".join(actual_lines)
        if new_body != body:
            _update("```console\n" + body + "```", "```console\n" + new_body + "```")


def test_python_examples(tmp_path, monkeypatch):
    text = TUTORIAL.read_text(encoding="utf-8")
    examples = [body for info, body, _ in _blocks(text) if info == "pycon"]
    assert examples
    monkeypatch.chdir(tmp_path)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    namespace: dict = {}  # the blocks build on one another, like one Python session
    for number, body in enumerate(examples):
        if "to_dataframe" in body and importlib.util.find_spec("pandas") is None:
            continue  # the optional pandas extra is not installed
        test = parser.get_doctest(body, namespace, f"tutorial-pycon-{number}", str(TUTORIAL), 0)
        runner.run(test, clear_globs=False)
        namespace = test.globs
    results = runner.summarize(verbose=False)
    assert results.attempted > 5
    assert results.failed == 0, f"{results.failed} Python example(s) in docs/tutorial.md failed (see output above)"
