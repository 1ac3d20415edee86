"""The README documents what a user can reach: every `newsbot` command and subcommand, every
environment variable the code reads, every Telegram command of the table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest

from bot.cli import cli
from bot.telegram.commands import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "newsbot") -> list[str]:
    paths = []
    for name, command in sorted(group.commands.items()):
        paths.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, f"{prefix} {name}"))
    return paths


def _is_environ(node: ast.expr) -> bool:
    """`os.environ` or a bare `environ`."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or \
        (isinstance(node, ast.Name) and node.id == "environ")


def environment_variables() -> set[str]:
    """Names read through os.environ[...], os.environ.get/pop/setdefault(...), os.getenv(...), `in os.environ`."""
    names = set()
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            key = None
            if isinstance(node, ast.Subscript) and _is_environ(node.value):
                key = node.slice
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
                f = node.func
                if (f.attr in ("get", "pop", "setdefault") and _is_environ(f.value)) or f.attr == "getenv":
                    key = node.args[0]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getenv" \
                    and node.args:
                key = node.args[0]
            elif isinstance(node, ast.Compare) and any(_is_environ(c) for c in node.comparators):
                key = node.left
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                names.add(key.value)
    return names


def test_the_scans_find_what_there_is():
    assert {"newsbot ingest", "newsbot ask", "newsbot chat", "newsbot run"} <= set(command_paths(cli))
    assert {"NEWSBOT_DB", "TELEGRAM_BOT_TOKEN"} <= environment_variables()


@pytest.mark.parametrize("command", command_paths(cli))
def test_every_newsbot_command_is_in_the_readme(command):
    # `newsbot ingest` alone, or with its arguments: `newsbot ingest PATH...`
    assert re.search("`" + re.escape(command) + "[` ]", README), f"README.md does not show `{command}`"


@pytest.mark.parametrize("name", sorted(environment_variables()))
def test_every_environment_variable_is_in_the_readme(name):
    assert re.search(rf"\b{name}\b", README), f"README.md does not mention {name}"


@pytest.mark.parametrize("name", [c.name for c in COMMANDS])
def test_every_telegram_command_is_in_the_readme(name):
    assert re.search(rf"(?<![\w/])/{name}\b", README), f"README.md does not mention /{name}"
