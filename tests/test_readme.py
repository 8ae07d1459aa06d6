"""The README stays true: its commands are CI's, its tables and outputs are real."""

from __future__ import annotations

import re

from il7onto.sparql.catalog import catalog
from il7onto.cli.main import main


def _readme(repo) -> str:
    return (repo / "README.md").read_text(encoding="utf-8")


def _commands(readme: str) -> list[str]:
    blocks = re.findall(r"```console\n(.*?)```", readme, re.S)
    return [b.strip() for b in blocks if not b.lstrip().startswith("$")]


def test_readme_gives_exactly_two_commands_and_ci_runs_the_test_one(repo):
    commands = _commands(_readme(repo))
    assert len(commands) == 2
    install_and_answer, tests = commands
    assert install_and_answer.endswith("il7onto query signaling-pathways")
    assert tests.endswith("pytest")
    ci = (repo / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines()


def test_readme_shows_the_real_answer_of_the_main_job(repo, capsys):
    readme = _readme(repo)
    shown = re.search(r"downstream of the IL-7 receptor\?\":\n\n```text\n(.*?)```", readme, re.S).group(1)
    assert main(["query", "signaling-pathways"]) == 0
    assert capsys.readouterr().out == shown


def test_readme_console_examples_are_real(repo, capsys):
    readme = _readme(repo)
    checked = 0
    for block in re.findall(r"```console\n(\$ .*?)```", readme, re.S):
        for command, expected in re.findall(r"^\$ il7onto (.*?)\n(.*?)(?=^\$ |\Z)", block, re.S | re.M):
            assert main(command.split()) == 0, command
            assert capsys.readouterr().out == expected, command
            checked += 1
    assert checked >= 2


def test_readme_lists_every_packaged_query(repo):
    readme = _readme(repo)
    for name, definition in catalog().items():
        assert f"| `{name}`" in readme and definition.question in readme, name
