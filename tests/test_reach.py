"""Reach on Telegram: following people and topics with alerts (from facts another process stores,
at most once per fact and chat, the daily cap, quiet hours), inline mode, and groups (mentions,
replies, administrators, forum topics), through the real Application and the Bot API double."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
from pathlib import Path

import articles
from bot.briefing.alerts import AlertPolicy, in_quiet_hours, queue_new_alerts
from bot.briefing.follows import keyword_target, list_follows, matches_keyword
from bot.briefing.subscriptions import get_subscription
from bot.config import parse_quiet_hours
from bot.ingest.pipeline import ingest
from bot.telegram.alerts import ALERT_POLL_EVERY
from bot.telegram.delivery import deliver
from bot.telegram.pacer import Pacer

ROOT = Path(__file__).resolve().parent.parent
NAMES = Path(__file__).resolve().parent / "fixtures" / "names"
CHAT = 6100
GROUP = -100777
ADMIN, MEMBER = 501, 502
NOON_UTC = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.timezone.utc)


def write_article(folder: Path, name: str, body: str, lang: str = "en", outlet: str = "Harbor Post",
                  url: str | None = "https://harbor.example/sheinbaum-water") -> Path:
    return articles.write_article(folder, name, body, lang=lang, outlet=outlet, **({"url": url} if url else {}))


async def run_alerts_job(app) -> None:
    """The alerts job's own callback, run now rather than waited for; then its sending pass."""
    (job,) = app.job_queue.get_jobs_by_name("alerts")
    await job.run(app)
    await asyncio.sleep(0)
    await app.bot_data.alerts.idle()


def buttons_of(message: dict) -> list[str]:
    return [b["callback_data"] for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


# -- following -------------------------------------------------------------------------------------

async def test_follow_list_and_unfollow_in_both_languages(api, running):
    async with running(api) as app:
        api.send_text(CHAT, "/follow Sheinbaum")
        (done,) = await api.wait_sent(1, CHAT)
        assert "Claudia Sheinbaum says something new" in done["text"]
        api.send_text(CHAT, "/follow sheinbam")  # a typo, read as questions read it
        sent = await api.wait_sent(2, CHAT)
        assert "already follow Claudia Sheinbaum" in sent[1]["text"]
        api.send_text(CHAT, "/following", language_code="es")
        sent = await api.wait_sent(3, CHAT)
        (follow,) = list_follows(app.bot_data.db, CHAT)
        assert "Sigues:" in sent[2]["text"] and "Claudia Sheinbaum" in sent[2]["text"]
        assert buttons_of(sent[2]) == [f"unf:{follow['id']}"]
        api.send_text(CHAT, "/unfollow Sheinbaum")
        sent = await api.wait_sent(4, CHAT)
        assert "no longer follow Claudia Sheinbaum" in sent[3]["text"]
        assert list_follows(app.bot_data.db, CHAT) == []
        api.send_text(CHAT, "/unfollow Trump", language_code="es")
        sent = await api.wait_sent(5, CHAT)
        assert "No sigues «Trump»" in sent[4]["text"]


async def test_a_shared_surname_asks_which_person_with_buttons(api, running, built_db):
    from bot.factbase import open_db

    db = open_db(built_db)
    assert not ingest(db, [NAMES], None).errors
    db.close()
    async with running(api) as app:
        api.send_text(CHAT, "/follow Whitfield")
        (ask,) = await api.wait_sent(1, CHAT)
        assert "Which one do you want to follow?" in ask["text"]
        data = buttons_of(ask)
        assert len(data) == 2 and all(d.startswith("fol:e:") for d in data)
        api.press(CHAT, data[1])
        sent = await api.wait_sent(2, CHAT)
        (follow,) = list_follows(app.bot_data.db, CHAT)
        assert follow["label"] in sent[1]["text"] and follow["label"].endswith("Whitfield")


async def test_a_known_topic_is_followed_at_once_under_the_words_typed(api, running):
    async with running(api) as app:
        api.send_text(CHAT, "/follow aranceles", language_code="es")
        (done,) = await api.wait_sent(1, CHAT)
        assert "novedades sobre «aranceles»" in done["text"]
        (follow,) = list_follows(app.bot_data.db, CHAT)
        assert (follow["kind"], follow["key"]) == ("topic", "e:trade")


async def test_words_matching_no_one_are_followed_only_once_confirmed(api, running):
    async with running(api) as app:
        api.send_text(CHAT, "/follow acero inoxidable", language_code="es")
        (ask,) = await api.wait_sent(1, CHAT)
        assert "No conozco a nadie ni ningún tema" in ask["text"]
        assert buttons_of(ask) == ["fol:k:acero inoxidable"]
        assert list_follows(app.bot_data.db, CHAT) == []  # nothing until confirmed
        api.send_text(CHAT, "/follow Veronica Cruz")
        sent = await api.wait_sent(2, CHAT)
        assert "I know no one called “Veronica Cruz”" in sent[1]["text"]
        api.send_text(CHAT, "/follow the of", language_code="en")
        sent = await api.wait_sent(3, CHAT)
        assert "nothing to follow" in sent[2]["text"] and not buttons_of(sent[2])
        api.press(CHAT, "fol:k:acero inoxidable", language_code="es")
        sent = await api.wait_sent(4, CHAT)
        assert "novedades sobre «acero inoxidable»" in sent[3]["text"]
        (follow,) = list_follows(app.bot_data.db, CHAT)
        assert follow["kind"] == "keyword"


def test_keyword_topics_match_every_word_in_any_form():
    target = keyword_target("Aranceles al acero")
    assert target.key == "k:aranceles al acero"
    assert matches_keyword(target.terms, {"arancel", "acer", "mexic"})
    assert not matches_keyword(target.terms, {"arancel", "mexic"})
    assert keyword_target("the of") is None and keyword_target("x" * 60) is None


# -- alerts ----------------------------------------------------------------------------------------

async def test_a_fact_ingested_by_another_process_gives_exactly_one_alert(api, running, built_db, tmp_path):
    async with running(api) as app:
        (job,) = app.job_queue.get_jobs_by_name("alerts")
        assert job.job.trigger.interval.total_seconds() == ALERT_POLL_EVERY <= 30  # within a minute
        api.send_text(CHAT, "/follow Sheinbaum")
        await api.wait_sent(1, CHAT)
        await run_alerts_job(app)  # the base as it was: nothing new, nothing sent
        assert len(api.sent(CHAT)) == 1
        new = tmp_path / "new"
        write_article(new, "water.en.md", 'Claudia Sheinbaum said on Tuesday: "Water belongs to the people." '
                                          '\n\nShe said that the dams will be finished in 2027.')
        # a `newsbot ingest` beside the running bot, into the same file
        done = subprocess.run([sys.executable, "-m", "bot", "--db", str(built_db), "ingest", str(new)],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert done.returncode == 0, done.stderr
        await run_alerts_job(app)
        sent = await api.wait_sent(2, CHAT)
        alert = sent[1]
        assert "New from Claudia Sheinbaum" in alert["text"]
        assert "• “Water belongs to the people” — Claudia Sheinbaum · Harbor Post" in alert["text"]
        assert "dams will be finished" in alert["text"]  # two new facts, one alert
        assert alert["text"].count("https://harbor.example/sheinbaum-water") == 1
        (follow,) = list_follows(app.bot_data.db, CHAT)
        assert buttons_of(alert) == [f"amore:{follow['id']}", f"unf:{follow['id']}"]
        await run_alerts_job(app)
        await asyncio.sleep(0.2)
        assert len(api.sent(CHAT)) == 2  # the next look finds nothing new
        api.press(CHAT, f"amore:{follow['id']}")
        sent = await api.wait_sent(3, CHAT)
        assert "What Claudia Sheinbaum said" in sent[2]["text"]
        api.press(CHAT, f"unf:{follow['id']}")
        sent = await api.wait_sent(4, CHAT)
        assert "no longer follow Claudia Sheinbaum" in sent[3]["text"]
    # a restart: the cursor is in SQLite, so nothing is sent again
    async with running(api) as app:
        await run_alerts_job(app)
        await asyncio.sleep(0.2)
        assert len(api.sent(CHAT)) == 4


async def test_a_restart_in_the_middle_of_the_fan_out_sends_each_alert_once(api, running, tmp_path):
    chats = list(range(7001, 7013))
    async with running(api) as app:
        for chat in chats:
            api.send_text(chat, "/follow Trump")
        for chat in chats:
            await api.wait_sent(1, chat)
        app.bot_data.pacer = Pacer(6)  # a slow fan-out, so the restart falls in its middle
        assert not ingest(app.bot_data.db, [write_article(tmp_path / "a", "t.en.md",
                                                          'Donald Trump said: "We will see."')], None).errors
        (job,) = app.job_queue.get_jobs_by_name("alerts")
        await job.run(app)
        while sum(len(api.sent(c)) == 2 for c in chats) < 3:
            await asyncio.sleep(0.05)
    before = {c: len(api.sent(c)) - 1 for c in chats}
    assert 0 < sum(before.values()) < len(chats)  # the bot went down mid fan-out
    async with running(api) as app:  # queued alerts are sent at start-up
        await app.bot_data.alerts.idle()
        await run_alerts_job(app)
        assert {c: len(api.sent(c)) - 1 for c in chats} == {c: 1 for c in chats}
        statuses = {r[0] for r in app.bot_data.db.execute("SELECT DISTINCT status FROM alerts")}
        assert statuses == {"sent"}


async def test_a_claimed_alert_is_never_sent_twice_after_a_crash(api, running, tmp_path):
    """A crash between the claim and the answer leaves the row 'sending': at most once, as digests."""
    from bot.briefing.alerts import claim_alert, plan_alerts

    async with running(api) as app:
        api.send_text(CHAT, "/follow Trump")
        await api.wait_sent(1, CHAT)
        db = app.bot_data.db
        ingest(db, [write_article(tmp_path / "a", "t.en.md", 'Donald Trump said: "Maybe."')], None)
        assert queue_new_alerts(db) == 1
        (due,) = plan_alerts(db, app.bot_data.alert_composer, app.bot_data.alert_policy, NOON_UTC)
        assert claim_alert(db, due, app.bot_data.alert_policy) is not None  # ...and the process dies here
    async with running(api) as app:
        await run_alerts_job(app)
        await asyncio.sleep(0.2)
        assert len(api.sent(CHAT)) == 1


async def test_the_daily_cap_leaves_the_rest_for_the_summary(api, running, tmp_path):
    async with running(api, alerts_per_day=2) as app:
        api.send_text(CHAT, "/follow Trump")
        await api.wait_sent(1, CHAT)
        for n in range(3):
            ingest(app.bot_data.db, [write_article(tmp_path / str(n), f"t{n}.en.md",
                                                   f'Donald Trump said: "Statement number {n}."')], None)
            await run_alerts_job(app)
        await asyncio.sleep(0.2)
        alerts = api.sent(CHAT)[1:]
        assert len(alerts) == 2 and "number 0" in alerts[0]["text"] and "number 1" in alerts[1]["text"]
        capped = app.bot_data.db.execute("SELECT count(*) FROM alerts WHERE status = 'capped'").fetchone()[0]
        assert capped == 1


async def test_quiet_hours_hold_alerts_until_they_end_in_the_followers_zone(api, running, tmp_path):
    async with running(api, quiet_hours=(22, 7)) as app:
        api.send_text(CHAT, "/timezone America/Mexico_City")
        api.send_text(CHAT, "/follow Trump")
        await api.wait_sent(2, CHAT)
        mexico = dt.timezone(dt.timedelta(hours=-6))
        app.bot_data.alerts.now = lambda: dt.datetime(2026, 3, 2, 23, 30, tzinfo=mexico)  # 05:30 UTC
        ingest(app.bot_data.db, [write_article(tmp_path / "a", "t.en.md", 'Donald Trump said: "Late news."')], None)
        await run_alerts_job(app)
        await asyncio.sleep(0.2)
        assert len(api.sent(CHAT)) == 2  # held
        app.bot_data.alerts.now = lambda: dt.datetime(2026, 3, 3, 7, 5, tzinfo=mexico)
        await run_alerts_job(app)
        sent = await api.wait_sent(3, CHAT)
        assert "Late news" in sent[2]["text"]


def test_quiet_hours_settings():
    assert parse_quiet_hours("22-07") == (22, 7) and parse_quiet_hours("off") is None
    assert parse_quiet_hours("1-6") == (1, 6) and parse_quiet_hours("7-7") is None
    at = lambda h: dt.datetime(2026, 3, 2, h, 0)  # noqa: E731
    assert [h for h in range(24) if in_quiet_hours(at(h), (22, 7))] == [0, 1, 2, 3, 4, 5, 6, 22, 23]
    assert [h for h in range(24) if in_quiet_hours(at(h), (1, 3))] == [1, 2]
    assert not in_quiet_hours(at(23), None) and AlertPolicy().per_day == 5


async def test_a_keyword_topic_alerts_on_a_new_fact_with_its_words(api, running, tmp_path):
    async with running(api) as app:
        api.press(CHAT, "fol:k:acero inoxidable", language_code="es")
        await api.wait_sent(1, CHAT)
        ingest(app.bot_data.db, [write_article(tmp_path / "a", "a.es.md", "La ministra Rita Okoye dijo que el "
                                               "acero inoxidable subirá en abril.", lang="es", url=None)], None)
        await run_alerts_job(app)
        sent = await api.wait_sent(2, CHAT)
        assert sent[1]["text"].startswith("Novedades sobre “acero inoxidable”:") and "abril" in sent[1]["text"]


async def test_a_followed_topic_alerts_on_a_new_fact_about_it(api, running, tmp_path):
    async with running(api) as app:
        api.send_text(CHAT, "/follow aranceles", language_code="es")
        await api.wait_sent(1, CHAT)
        ingest(app.bot_data.db, [write_article(tmp_path / "a", "a.es.md", "El ministro Pablo Ruiz dijo que los "
                                               "aranceles subirán en abril.", lang="es", url=None)],
               ROOT / "data" / "entities.yaml")
        await run_alerts_job(app)
        sent = await api.wait_sent(2, CHAT)
        assert sent[1]["text"].startswith("Novedades sobre “aranceles”:") and "subirán en abril" in sent[1]["text"]


async def test_a_blocked_follower_is_paused_and_the_others_get_theirs(api, running, tmp_path):
    async with running(api) as app:
        for chat in (CHAT, CHAT + 1):
            api.send_text(chat, "/follow Trump")
            await api.wait_sent(1, chat)
        api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
        ingest(app.bot_data.db, [write_article(tmp_path / "a", "t.en.md", 'Donald Trump said: "Hello."')], None)
        await run_alerts_job(app)
        await asyncio.sleep(0.2)
        got = [len(api.sent(c)) for c in (CHAT, CHAT + 1)]
        assert sorted(got) == [2, 2]  # one refused attempt, one delivery
        paused = app.bot_data.db.execute("SELECT chat_id FROM follows WHERE active = 0").fetchall()
        assert len(paused) == 1


# -- inline mode -----------------------------------------------------------------------------------

async def test_inline_queries_in_both_languages_and_the_newest_stories(api, running):
    async with running(api):
        en = await api.wait_inline_answer(api.inline_query(CHAT, "sheinbaum", "en"))
        es = await api.wait_inline_answer(api.inline_query(CHAT + 1, "sheinbaum", "es"))
        empty = await api.wait_inline_answer(api.inline_query(CHAT, "", "es"))
        nothing = await api.wait_inline_answer(api.inline_query(CHAT, "zzzqx", "en"))
    for answer in (en, es, empty):
        assert answer["cache_time"] == 30 and answer["is_personal"] in (True, "true", "True")
        assert answer["results"] and all(r["type"] == "article" for r in answer["results"])
    assert {r["title"] for r in en["results"][:3]} == {"Claudia Sheinbaum"}
    first_en = en["results"][0]["input_message_content"]["message_text"]
    assert "<b>Claudia Sheinbaum</b>" in first_en and "November 18, 2025" in first_en
    assert any("inviolable" in r["input_message_content"]["message_text"] for r in en["results"])
    first_es = es["results"][0]["input_message_content"]["message_text"]
    assert "18 de noviembre de 2025" in first_es and "Sheinbaum" in first_es
    assert any("(cita traducida)" in r["input_message_content"]["message_text"] for r in es["results"])
    assert "Sheinbaum a Trump" in empty["results"][0]["title"]  # the story, in Spanish
    assert nothing["results"] == []


async def test_inline_answers_follow_the_users_lang_choice(api, running):
    async with running(api):
        api.send_text(CHAT, "/lang es", language_code="en")  # in their private chat with the bot
        await api.wait_sent(1, CHAT)
        answer = await api.wait_inline_answer(api.inline_query(CHAT, "trump", "en"))
    texts = [r["input_message_content"]["message_text"] for r in answer["results"]]
    assert texts and all("de 2025" in t for t in texts)  # Spanish facts, Spanish dates


# -- groups ----------------------------------------------------------------------------------------

async def test_in_a_group_only_mentions_replies_and_ask_are_answered(api, running):
    async with running(api):
        api.send_group_text(GROUP, MEMBER, "What did Sheinbaum say?")  # group talk: silence
        api.send_group_text(GROUP, MEMBER, "/start@otherbot")
        api.send_group_text(GROUP, MEMBER, "/weather")  # another bot's command, maybe
        api.send_group_text(GROUP, MEMBER, "What did Sheinbaum say?", mention=True)
        (first,) = await api.wait_sent(1, GROUP)
        assert "inviolable" in first["text"] and "newsbot_test_bot" not in first["text"]
        api.send_group_text(GROUP, MEMBER, "and Trump?", reply_to_bot=True)
        sent = await api.wait_sent(2, GROUP)
        assert "okay with" in sent[1]["text"]
        api.send_group_text(GROUP, MEMBER, "/ask ¿Qué propuso Trump?", language_code="es")
        sent = await api.wait_sent(3, GROUP)
        assert "ataques" in sent[2]["text"]
        api.send_group_text(GROUP, MEMBER, "/start@newsbot_test_bot")
        sent = await api.wait_sent(4, GROUP)
        assert "Hello!" in sent[3]["text"]
        await asyncio.sleep(0.3)
        assert len(api.sent(GROUP)) == 4


async def test_start_for_another_bot_is_ignored_in_a_private_chat(api, running):
    async with running(api):
        api.send_text(CHAT, "/start@otherbot")
        api.send_text(CHAT, "/nosuch@otherbot")
        api.send_text(CHAT, "/help")
        (only,) = await api.wait_sent(1, CHAT)
        await asyncio.sleep(0.3)
        assert len(api.sent(CHAT)) == 1 and "/follow" in only["text"]


async def test_only_a_groups_administrators_change_what_it_gets(api, running):
    api.admins[GROUP].add(ADMIN)
    async with running(api) as app:
        db = app.bot_data.db
        api.send_group_text(GROUP, MEMBER, "/subscribe 08:00")
        (refused,) = await api.wait_sent(1, GROUP)
        assert "administrators" in refused["text"] and get_subscription(db, GROUP) is None
        api.send_group_text(GROUP, MEMBER, "/follow Sheinbaum", language_code="es")
        sent = await api.wait_sent(2, GROUP)
        assert "administradores" in sent[1]["text"] and list_follows(db, GROUP) == []
        api.press(GROUP, "sub:08:00", user_id=MEMBER)  # a button press counts the same
        await asyncio.sleep(0.3)
        notices = [p for m, p in api.calls if m == "answerCallbackQuery" and p.get("show_alert")]
        assert notices and "administrators" in notices[0]["text"] and get_subscription(db, GROUP) is None
        api.send_group_text(GROUP, MEMBER, "/following")  # looking is for everyone
        sent = await api.wait_sent(3, GROUP)
        assert "follow no one" in sent[2]["text"]
        api.send_group_text(GROUP, ADMIN, "/follow Sheinbaum")
        api.send_group_text(GROUP, ADMIN, "/lang es")
        api.send_group_text(GROUP, ADMIN, "/subscribe 08:00")
        sent = await api.wait_sent(6, GROUP)
        assert [f["label"] for f in list_follows(db, GROUP)] == ["Claudia Sheinbaum"]
        assert get_subscription(db, GROUP)["time"] == "08:00" and "08:00" in sent[5]["text"]
        api.send_group_text(GROUP, MEMBER, "What did Trump propose?", mention=True, language_code="en")
        sent = await api.wait_sent(7, GROUP)
        assert "ataques" in sent[6]["text"]  # the group's language, set by its administrator
    checks = [p for m, p in api.calls if m == "getChatMember"]
    assert {p["user_id"] for p in checks} == {ADMIN, MEMBER}


async def test_a_subscription_made_in_a_forum_topic_is_delivered_to_that_topic(api, running, tmp_path):
    api.admins[GROUP].add(ADMIN)
    async with running(api) as app:
        api.send_group_text(GROUP, ADMIN, "/subscribe 06:00", thread_id=77)
        (done,) = await api.wait_sent(1, GROUP)
        assert done["message_thread_id"] == 77  # the reply stays in the topic
        assert get_subscription(app.bot_data.db, GROUP)["thread_id"] == 77
        assert await deliver(app, GROUP, now=NOON_UTC) == "sent"
        sent = await api.wait_sent(2, GROUP)
        assert sent[1]["message_thread_id"] == 77 and "Your news summary" in sent[1]["text"]
        api.send_group_text(GROUP, ADMIN, "/follow Trump", thread_id=78)
        await api.wait_sent(3, GROUP)
        (follow,) = list_follows(app.bot_data.db, GROUP)
        assert follow["thread_id"] == 78
        ingest(app.bot_data.db, [write_article(tmp_path / "a", "t.en.md", 'Donald Trump said: "Topic news."')], None)
        await run_alerts_job(app)
        sent = await api.wait_sent(4, GROUP)
        assert sent[3]["message_thread_id"] == 78 and "Topic news" in sent[3]["text"]


async def test_an_edited_article_alerts_only_its_new_sentences(api, running, tmp_path):
    async with running(api) as app:
        api.send_text(CHAT, "/follow Trump")
        await api.wait_sent(1, CHAT)
        folder = tmp_path / "a"
        write_article(folder, "t.en.md", 'Donald Trump said: "First words."')
        ingest(app.bot_data.db, [folder], None)
        await run_alerts_job(app)
        await api.wait_sent(2, CHAT)
        write_article(folder, "t.en.md", 'Donald Trump said: "First words."\n\nTrump later said: "Second words."')
        assert ingest(app.bot_data.db, [folder], None).updated  # its facts are stored again, under new ids
        await run_alerts_job(app)
        sent = await api.wait_sent(3, CHAT)
        assert "Second words" in sent[2]["text"] and "First words" not in sent[2]["text"]
