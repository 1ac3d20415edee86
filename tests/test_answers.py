"""The answer core as pure functions: message + conversation in, reply out, in both languages."""

import datetime as dt

import pytest

from bot.conversation import Conversation, Message


def ask(core, text, conv=None, code=None):
    conv = conv if conv is not None else Conversation()
    return core.reply(Message(text, 1, code), conv)


@pytest.mark.parametrize("text, lang, intent, must", [
    ("What did Sheinbaum say?", "en", "said", ["inviolable", "TPR"]),
    ("¿Qué dijo Sheinbaum?", "es", "said", ["inviolable", "TPR"]),
    ("What did Trump propose?", "en", "proposed", ["strikes"]),
    ("¿Qué propuso Trump?", "es", "proposed", ["ataques"]),
    ("Who is Claudia Sheinbaum?", "en", "who", ["president of Mexico"]),
    ("¿Quién es Claudia Sheinbaum?", "es", "who", ["presidenta de México"]),
    ("What did the Mexican president say about Venezuela?", "en", "said", ["United Nations", "Reuters"]),
    ("Will Mexico accept US troops on its soil?", "en", "yesno", ["will not accept"]),
    ("¿México aceptará tropas de Estados Unidos?", "es", "yesno", ["no aceptará"]),
    ("Why is Trump talking about the cartels?", "en", "why", ["fentanyl"]),
    ("what did sheinbaun say", "en", "said", ["inviolable"]),
    ("Venezuela?", "en", "topic", ["Venezuela"]),
    ("Which sources reported this?", "en", "sources", ["Reuters", "Latin Times"]),
    ("resumen", "es", "summary", ["Resumen", "2025"]),
])
def test_answers_from_facts(core, text, lang, intent, must):
    reply = ask(core, text)
    assert (reply.lang, reply.intent, reply.answered) == (lang, intent, True), reply.text
    for word in must:
        assert word in reply.text
    assert reply.facts or intent in ("sources", "who")
    for f in reply.facts:
        # every fact is quoted verbatim with its outlet
        assert f"{f.text}" in reply.text and f.outlet in reply.text


@pytest.mark.parametrize("text, lang, must", [
    ("What did Obama say?", "en", "nothing from Obama"),
    ("¿Qué dijo Obama?", "es", "No tengo nada de Obama"),
    ("What did Rubio say?", "en", "nothing from Marco Rubio"),
    ("What's the weather like in Paris tomorrow?", "en", "nothing on that"),
    ("hello", "en", "Hello"),
    ("hola", "es", "Hola"),
    ("gracias", "es", "De nada"),
])
def test_honest_when_nothing_is_stored(core, text, lang, must):
    reply = ask(core, text)
    assert (reply.lang, reply.answered) == (lang, False)
    assert must in reply.text
    assert "inviolable" not in reply.text


def test_reply_language_falls_back_to_telegram_code(core):
    assert ask(core, "Sheinbaum", code="es").lang == "es"
    assert ask(core, "Sheinbaum", code="en").lang == "en"
    assert ask(core, "What did Sheinbaum say?", code="es").lang == "en"


@pytest.mark.parametrize("messages, lang, must", [
    (["What did Sheinbaum say?", "and Trump?"], "en", "okay with"),
    (["¿Qué dijo Sheinbaum?", "¿y Trump?"], "es", "de acuerdo"),
    (["What did Sheinbaum say?", "and Trump?", "what about her?"], "en", "inviolable"),
    (["¿Qué propuso Trump?", "¿y Sheinbaum?"], "es", "Naciones Unidas"),
])
def test_follow_ups(core, messages, lang, must):
    conv = Conversation()
    for text in messages:
        reply = ask(core, text, conv)
    assert reply.lang == lang and reply.answered and must in reply.text


def test_more_then_nothing_more(core):
    conv = Conversation()
    first = ask(core, "What did Sheinbaum say?", conv)
    more = ask(core, "more", conv)
    assert more.answered and more.facts
    assert not {f.id for f in first.facts} & {f.id for f in more.facts}
    while conv.pending:
        ask(core, "more", conv)
    assert not ask(core, "more", conv).answered


def test_who_reported_that_names_the_outlets_of_the_last_facts(core):
    conv = Conversation()
    first = ask(core, "What did Trump propose?", conv)
    reply = ask(core, "who reported that?", conv)
    assert reply.intent == "sources"
    for f in first.facts:
        assert f.outlet in reply.text


def test_lang_command_sets_the_reply_language(core):
    conv = Conversation()
    reply = core.command("lang", ["es"], Message("/lang es", 1), conv)
    assert reply.lang == "es" and conv.explicit_lang == "es"
    answer = ask(core, "What did Sheinbaum say?", conv)
    assert answer.lang == "es" and "soberanía" in answer.text


def test_story_only_in_the_other_language_is_answered_and_flagged(tmp_path):
    from bot.answer.core import AnswerCore
    from bot.factbase import open_db
    from bot.factbase.queries import FactStore
    from bot.ingest.pipeline import ingest

    (tmp_path / "port.md").write_text(
        "---\ntitle: Port reopens\ndate: 2026-02-01\nlang: en\noutlet: City Wire\n---\n\n"
        "Harbour master Rosa Salas said that the port will reopen on Monday.\n", encoding="utf-8")
    db = open_db(tmp_path / "x.db")
    assert not ingest(db, [tmp_path / "port.md"], None).errors
    reply = AnswerCore(FactStore(db)).reply(Message("¿Qué dijo Rosa Salas?", 1), Conversation())
    assert reply.lang == "es" and reply.answered
    assert "solo están disponibles en inglés" in reply.text
    assert "the port will reopen on Monday" in reply.text and "City Wire" in reply.text


def test_commands(core):
    conv = Conversation()
    assert "/lang en" in core.command("lang", ["fr"], Message("/lang fr", 1), conv).text
    assert "/help" in core.command("nope", [], Message("/nope", 1), conv).text
    assert core.command("sources", [], Message("/sources", 1), conv).answered


def test_replies_are_short_enough_for_any_channel(core):
    # the core has no channel's limit; a reply of a few facts stays far below Telegram's 4,096
    conv = Conversation()
    for text in ["summary", "What did Sheinbaum say?", "more", "more", "more"]:
        assert len(ask(core, text, conv).text) <= 2000


def test_an_ingest_by_another_process_reaches_the_next_answer(db_path, articles_dir):
    """Answers are cached per fact-base version: a commit from another connection (an editor's
    `newsbot ingest` while the bot runs) must show up in the very next reply."""
    from bot.factbase import open_db
    from bot.factbase.queries import FactStore
    from bot.answer.core import AnswerCore
    from bot.ingest.pipeline import ingest

    from conftest import ENTITIES

    bot_db = open_db(db_path)
    assert not ingest(bot_db, [articles_dir], ENTITIES).errors
    live = AnswerCore(FactStore(bot_db))
    question = "What did Sheinbaum say about the lighthouse?"
    before = ask(live, question)
    assert "Punta Roca" not in before.text

    (articles_dir / "2025-12-lighthouse.en.md").write_text(
        "---\ntitle: Sheinbaum opens a lighthouse\noutlet: Harbor Daily\ndate: 2025-12-02\nlang: en\n---\n\n"
        "“The Punta Roca lighthouse belongs to every fisherman,” Sheinbaum said at the lighthouse.\n",
        encoding="utf-8")
    editor = open_db(db_path)
    assert not ingest(editor, [articles_dir], ENTITIES).errors
    editor.close()

    after = ask(live, question)
    assert "Punta Roca lighthouse belongs to every fisherman" in after.text and "Harbor Daily" in after.text
    bot_db.close()


def test_a_follow_up_does_not_change_how_a_question_is_understood_next_time(core):
    first = Conversation()
    ask(core, "What did Sheinbaum say?", first)
    ask(core, "and Trump?", first)  # inherits the topic and intent of the question before
    alone = ask(core, "and Trump?")
    fresh = ask(core, "and Trump?")
    assert alone.text == fresh.text and alone.intent == fresh.intent


HEADINGS = [
    # (question, the heading's first line, every fact's speaker)
    ("What did Sheinbaum say about cartels?", "What Claudia Sheinbaum said about cartels:", "Claudia Sheinbaum"),
    ("What did Trump say about the weather?", "I have nothing from Donald Trump about weather.", "Donald Trump"),
    ("¿Qué dijo Sheinbaum sobre la soberanía?", "Lo que dijo Claudia Sheinbaum sobre soberanía:", "Claudia Sheinbaum"),
]


@pytest.mark.parametrize("question,heading,speaker", HEADINGS)
def test_a_heading_says_what_is_under_it(core, question, heading, speaker):
    reply = ask(core, question, Conversation())
    assert reply.text.splitlines()[0] == heading
    assert reply.facts and {f.speaker for f in reply.facts} == {speaker}


@pytest.mark.parametrize("question, first_line, holds", [
    ("When did Sheinbaum say Mexico would not accept troops?", "When, from my sources:", "November 18, 2025: "),
    ("¿Cuándo habló Sheinbaum de soberanía?", "Cuándo, según mis fuentes:", "18 de noviembre de 2025: "),
    ("¿Qué dijo Sheinbaum el 18 de noviembre?", "Lo que dijo Claudia Sheinbaum:", "Anadolu"),
    ("What did Sheinbaum say on March 3?", "I have nothing from those days in my sources.", "I can tell you about"),
])
def test_when_and_which_days(core, question, first_line, holds):
    reply = ask(core, question, Conversation())
    assert reply.text.splitlines()[0] == first_line
    assert holds in reply.text


@pytest.mark.parametrize("text, days", [
    ("what did trump say yesterday", ("2026-11-30", "2026-11-30")),
    ("que dijo esta semana", ("2026-11-25", "2026-12-01")),
    ("que dijo el 18 de noviembre", ("11-18", "11-18")),
    ("what did she say on nov. 3", ("11-03", "11-03")),
    ("what did she say about the budget", None),
])
def test_days_a_question_restricts_to(text, days):
    from bot.answer.understanding import dates_in

    assert dates_in(text, dt.date(2026, 12, 1)) == days


def test_facts_about_someone_are_never_headed_as_their_words(core):
    reply = ask(core, "What did Mexico say?", Conversation())
    assert reply.text.splitlines() == ["I have nothing from Mexico in my sources.",
                                       "Write just “Mexico” for what my sources report on them."]
    assert not reply.facts and not reply.answered
    conv = Conversation()
    ask(core, "What did Mexico say?", conv)
    about = ask(core, "Mexico", conv)  # in the same conversation, as the reply suggests
    assert about.answered and about.text.startswith("What my sources report on Mexico:")


@pytest.mark.parametrize("text, lead", [
    # the gist is the speaker's, credited by name: their claim, not the sources' own
    ("Will Mexico accept US troops on its soil?", "No, according to Claudia Sheinbaum:"),
    ("¿México aceptará tropas de Estados Unidos?", "No, según Claudia Sheinbaum:"),
    ("¿Permitirá México ataques de Estados Unidos en su suelo?", "No, según Claudia Sheinbaum:"),
    # a negative question is not read twice over: no yes or no, the facts only
    ("Did Sheinbaum reject US troops?", "My sources give no yes or no to that."),
])
def test_yes_no_questions_lead_with_the_gist_the_facts_give(core, text, lead):
    reply = ask(core, text)
    assert reply.intent == "yesno" and reply.answered, reply.text
    assert reply.text.startswith(lead), reply.text


def test_a_plain_yes_needs_a_speaker_and_a_no_needs_the_negation_on_what_was_asked():
    from bot.answer.gist import asked_stems, gist
    from bot.factbase.queries import Fact

    def fact(text, speaker=None, lang="en"):
        return Fact(1, "statement", text, None, lang, None, 1, None, speaker, 1, 1, "Desk", 0, "")

    strike = asked_stems(["is", "the", "strike", "illegal"], ["strike", "illegal"], "en")
    assert gist(strike, fact("Ferrer said the strike is illegal.", "Tomás Ferrer"), "en") == "yes"
    assert gist(strike, fact("Ferrer called the strike illegal."), "en") is None  # narration
    retire = asked_stems(["will", "quiroga", "retire"], ["retire"], "en")
    assert gist(retire, fact("Quiroga added that he does not plan to retire.", "Alberto Quiroga"), "en") == "no"
    assert gist(retire, fact("Quiroga did not deny that he was tired; he will retire.", "Alberto Quiroga"), "en") is None
    reject = asked_stems(["did", "she", "reject", "it"], ["reject"], "en")
    assert gist(reject, fact("She rejected it.", "Ana Ruiz"), "en") is None
