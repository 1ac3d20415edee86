"""`newsbot ask` and `newsbot chat --json`: the interface the question scorer drives."""

import json

from click.testing import CliRunner

from bot.cli import cli

from conftest import ARTICLES


def build(db_path):
    assert CliRunner().invoke(cli, ["--db", str(db_path), "ingest", str(ARTICLES)]).exit_code == 0


def test_chat_json_one_reply_per_line_with_follow_ups(db_path):
    build(db_path)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "chat", "--json"],
                                input="What did Sheinbaum say?\n\nand Trump?\n/lang es\n¿Qué propuso Trump?\n")
    assert result.exit_code == 0
    replies = [json.loads(line) for line in result.output.splitlines()]
    assert len(replies) == 4
    assert set(replies[0]) == {"text", "lang", "intent", "answered", "facts"}
    assert replies[0]["answered"] and replies[0]["facts"][0].keys() == {"id", "speaker", "text", "outlet"}
    assert "okay with" in replies[1]["text"]
    assert replies[2]["lang"] == "es" and replies[3]["lang"] == "es"


def test_chat_answers_the_commands_of_the_terminal_and_points_to_telegram_for_the_others(db_path):
    build(db_path)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "chat", "--json"],
                                input="/subscribe\n/stats\n/help\n/more\n")
    subscribe, stats, help_, more = (json.loads(line) for line in result.output.splitlines())
    assert "Telegram" in subscribe["text"] and "/subscribe" in subscribe["text"]
    assert "Telegram" in stats["text"]
    assert "/sources" in help_["text"] and "/lang" in help_["text"] and "/subscribe" not in help_["text"]
    assert more["intent"] == "more"


def test_lang_choice_survives_a_new_chat(db_path):
    build(db_path)
    CliRunner().invoke(cli, ["--db", str(db_path), "chat", "--json"], input="/lang es\n")
    result = CliRunner().invoke(cli, ["--db", str(db_path), "chat", "--json"], input="What did Trump say?\n")
    assert json.loads(result.output)["lang"] == "es"


def test_ask_json_and_user_lang(db_path):
    build(db_path)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "ask", "--json", "--user-lang", "es", "Sheinbaum"])
    reply = json.loads(result.output)
    assert reply["lang"] == "es" and reply["answered"]


def test_ask_on_an_empty_base_says_so(db_path):
    result = CliRunner().invoke(cli, ["--db", str(db_path), "ask", "What did Sheinbaum say?"])
    assert result.exit_code == 0 and "empty" in result.output
