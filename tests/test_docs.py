"""Docs that cannot drift: every command and option is in the README; the README's commands are CI's."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from rasid.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_docs_every_command_and_option_is_in_the_readme(name: str) -> None:
    command = cli.commands[name]
    assert f"rasid {name}" in README, f"`rasid {name}` is not documented in README.md"
    for param in command.params:
        if isinstance(param, click.Option):
            long = max(param.opts, key=len)
            if long != "--help":
                assert long in README, f"option {long} of `rasid {name}` is not documented in README.md"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_docs_every_command_has_an_example(name: str) -> None:
    assert "Example:" in (cli.commands[name].help or "")


def test_docs_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(line.strip() for line in README.splitlines() if "pytest" in line)
    assert test_command in ci
