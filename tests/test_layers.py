"""Imports go one way: base modules (bot/*.py) <- factbase <- ingest, answer <- briefing <- telegram
<- cli. Every import statement of every module under bot/ is read with `ast`, inside functions too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
TESTS = Path(__file__).resolve().parent

# a layer may import itself and the layers of lower rank; ingest and answer share a rank and do not
# import each other
RANK = {"base": 0, "factbase": 1, "ingest": 2, "answer": 2, "briefing": 3, "telegram": 4, "cli": 5}
TOP = {"cli", "__main__"}  # bot/cli.py and `python -m bot` are the cli layer, not base modules


def module_name(path: Path) -> str:
    parts = list(path.relative_to(BOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:  # the bot package itself
        return "base"
    if parts[1] in TOP:
        return "cli"
    if parts[1] in RANK and (BOT / parts[1]).is_dir():
        return parts[1]
    return "base"


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, relative ones resolved."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            # `from bot import x` may name a module (bot.x): judge that module
            names = [f"{target}.{a.name}" for a in node.names
                     if (BOT.parent / f"{target}.{a.name}".replace(".", "/")).with_suffix(".py").exists()
                     or (BOT.parent / f"{target}.{a.name}".replace(".", "/")).is_dir()]
            found.extend((node.lineno, n) for n in (names or [target]))
    return found


def allowed(importer: str, imported: str) -> bool:
    a, b = layer(importer), layer(imported)
    if a == b or a == "base" and b == "base":
        return True
    return RANK[b] < RANK[a]


MODULES = sorted(BOT.rglob("*.py"))


def test_the_walk_sees_every_layer():
    assert {layer(module_name(p)) for p in MODULES} == set(RANK)
    assert layer("bot.cli") == "cli" and layer("bot.config") == "base" and layer("bot.telegram.app") == "telegram"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(BOT.parent)))
def test_imports_follow_the_layers(path):
    me = module_name(path)
    wrong = [f"line {line}: {name} ({layer(name)})" for line, name in imports(path)
             if name.split(".")[0] == "bot" and not allowed(me, name)]
    assert not wrong, f"{me} ({layer(me)}) imports against the layers: {wrong}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(BOT.parent)))
def test_python_telegram_bot_only_in_the_telegram_layer(path):
    """python-telegram-bot is the `telegram` package; only bot/telegram/ speaks it."""
    me = module_name(path)
    ptb = [f"line {line}: {name}" for line, name in imports(path) if name.split(".")[0] == "telegram"]
    assert layer(me) == "telegram" or not ptb, f"{me} imports python-telegram-bot: {ptb}"


def test_a_wrong_import_is_caught(tmp_path):
    assert not allowed("bot.briefing.digests", "bot.telegram.format")
    assert not allowed("bot.ingest.facts", "bot.answer.core") and not allowed("bot.answer.core", "bot.ingest.facts")
    assert not allowed("bot.config", "bot.factbase.schema")
    assert allowed("bot.cli", "bot.telegram.app") and allowed("bot.telegram.app", "bot.config")
    assert allowed("bot.briefing.digests", "bot.answer.core") and allowed("bot.i18n", "bot.text")


def test_test_files_do_not_import_each_other():
    """Shared helpers live in conftest.py fixtures or in helper modules such as botapi.py."""
    for path in sorted(TESTS.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not [n for n in names if n.split(".")[0].startswith("test_")], (path.name, names)
