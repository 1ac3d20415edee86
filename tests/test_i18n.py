"""Catalog completeness: every message has a Spanish translation with the same placeholders."""

import re

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from bot.cli import cli
from bot.i18n import LOCALES_DIR, Translator

PLACEHOLDER = re.compile(r"\{(\w*)\}")


def catalog(lang):
    with open(LOCALES_DIR / lang / "LC_MESSAGES" / "newsbot.po", "rb") as f:
        return read_po(f, locale=lang)


def test_every_message_has_a_spanish_translation_with_the_same_placeholders():
    es = catalog("es")
    en_ids = {m.id for m in catalog("en") if m.id}
    es_ids = {m.id for m in es if m.id}
    assert en_ids == es_ids
    for m in es:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        assert all(strings), f"untranslated: {m.id!r}"
        want = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for s in strings:
            assert set(PLACEHOLDER.findall(s)) <= want and set(PLACEHOLDER.findall(ids[0])) <= set(PLACEHOLDER.findall(s)) | {"n"}, (m.id, s)


def test_compiled_catalogs_are_used():
    assert Translator("es")("What did {name} say?", name="Trump") == "¿Qué dijo Trump?"
    assert Translator("es").n("Say “more” for one more fact.", "Say “more” for {n} more facts.", 3) == \
        "Escribe «más» para 3 datos más."
    assert Translator("en")("What did {name} say?", name="Trump") == "What did Trump say?"


def test_every_source_message_is_in_the_catalog():
    """Strings passed to the translator (t, t.n, N_) in the code are all in the .po files."""
    import ast
    from pathlib import Path

    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog("es") if m.id}
    used = set()
    for path in (Path(__file__).resolve().parent.parent / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            if name in ("t", "N_") or (name == "n" and isinstance(f, ast.Attribute)):
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    used.add(arg.value)
    assert len(used) > 40 and used <= ids, used - ids


@pytest.mark.parametrize("command", ["ingest", "extract", "ask", "chat"])
def test_every_command_has_help(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "newsbot" in result.output
    assert command in CliRunner().invoke(cli, ["--help"]).output
