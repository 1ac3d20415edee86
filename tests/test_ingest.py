"""Ingest runs: a complete base from nothing, idempotence, edits, and all-or-nothing refusals."""

import json
import sqlite3

import pytest
from click.testing import CliRunner

from bot.cli import cli

from articles import write_article
from conftest import ARTICLES, SEED, needs_seed


def counts(path):
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "facts", "fact_entities", "outlets", "entities")}
    finally:
        con.close()


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_builds_a_complete_base_from_nothing(db_path):
    result = run("--db", db_path, "ingest", ARTICLES)
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output
    c = counts(db_path)
    assert c["articles"] == 2 and c["facts"] > 40 and c["fact_entities"] > 40
    con = sqlite3.connect(db_path)
    outlets = {r[0] for r in con.execute("SELECT name FROM outlets")}
    assert {"Anadolu Ajansı", "EL PAÍS English", "TPR", "Latin Times", "Reuters"} <= outlets
    # the full-text index follows the facts (triggers)
    assert con.execute("SELECT count(*) FROM facts_fts").fetchone()[0] == c["facts"]
    # every fact carries its outlet
    assert con.execute("SELECT count(*) FROM facts WHERE outlet_id IS NULL").fetchone()[0] == 0


def test_same_articles_twice_change_nothing(db_path):
    run("--db", db_path, "ingest", ARTICLES)
    before = counts(db_path)
    result = run("--db", db_path, "ingest", ARTICLES)
    assert "0 added, 0 updated, 2 unchanged" in result.output
    assert counts(db_path) == before


def test_an_edited_article_replaces_its_facts(db_path, articles_dir):
    run("--db", db_path, "ingest", articles_dir)
    path = next(articles_dir.glob("*.en.md"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nEbrard said that talks on trade will resume next week. (Source: Reuters)\n",
                    encoding="utf-8")
    result = run("--db", db_path, "ingest", articles_dir)
    assert "0 added, 1 updated, 1 unchanged" in result.output
    con = sqlite3.connect(db_path)
    rows = con.execute("SELECT speaker_name FROM facts WHERE text LIKE 'Ebrard said%'").fetchall()
    assert rows == [("Marcelo Ebrard",)]
    # no orphans of the old version
    assert con.execute("SELECT count(*) FROM fact_entities WHERE fact_id NOT IN (SELECT id FROM facts)").fetchone()[0] == 0


def test_a_quote_going_on_after_its_tag_is_credited_in_both_sentences(db_path, articles_dir):
    path = next(articles_dir.glob("*.en.md"))
    path.write_text(path.read_text(encoding="utf-8") + "\n“Talks on trade will resume,” Ebrard said. "
                    "“We expect an agreement by June.” (Source: Reuters)\n", encoding="utf-8")
    run("--db", db_path, "ingest", articles_dir)
    con = sqlite3.connect(db_path)
    rows = con.execute("SELECT text, speaker_name, quote FROM facts WHERE text LIKE '%Talks on trade%' "
                       "OR text LIKE '%agreement by June%' ORDER BY position").fetchall()
    assert [(r[1], r[2]) for r in rows] == [("Marcelo Ebrard", "Talks on trade will resume"),
                                          ("Marcelo Ebrard", "We expect an agreement by June")], rows


def test_every_sentence_of_a_long_quote_is_credited_to_its_speaker(db_path, articles_dir):
    # copy that opens a quote with a closing mark is read sentence by sentence; each is the speaker's
    path = next(articles_dir.glob("*.en.md"))
    path.write_text(path.read_text(encoding="utf-8") + "\n”Worry. I fear the border talks will stall. "
                    "Nobody is ready to give ground.” ― Rosa Imelda Tapia\n", encoding="utf-8")
    run("--db", db_path, "ingest", articles_dir)
    con = sqlite3.connect(db_path)
    rows = con.execute("SELECT text, speaker_name FROM facts WHERE text LIKE '%border talks will stall%' "
                       "OR text LIKE '%ready to give ground%' ORDER BY position").fetchall()
    assert [r[1] for r in rows] == ["Rosa Imelda Tapia", "Rosa Imelda Tapia"], rows


@pytest.mark.parametrize("name, content", [
    ("broken.md", b"\xff\xfe not text"),
    ("broken.md", "---\ntitle: T\ndate: 2026-13-45\nlang: en\noutlet: O\n---\nText here.\n"),
    ("broken.md", "---\ntitle: T\ndate: 2026-01-01\nlang: de\noutlet: O\n---\nText here.\n"),
    ("broken.md", ""),
])
def test_one_broken_file_refuses_the_whole_run(db_path, articles_dir, tmp_path, name, content):
    first = tmp_path / "first"
    write_article(first, "one.md", "Ana Ruiz said that the port will reopen.", title="One", date="2026-01-01", outlet="O")
    run("--db", db_path, "ingest", first)
    before = counts(db_path)
    bad = articles_dir / name
    bad.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = CliRunner().invoke(cli, ["--db", str(db_path), "ingest", str(articles_dir)])
    assert result.exit_code == 1
    assert "broken.md" in result.output and "Traceback" not in result.output
    assert counts(db_path) == before


def test_missing_path_is_refused(db_path):
    result = CliRunner().invoke(cli, ["--db", str(db_path), "ingest", "no/such/dir"])
    assert result.exit_code == 1 and "no such file or folder" in result.output


@needs_seed
def test_raw_seed_ingests_as_it_is(db_path):
    result = run("--db", db_path, "ingest", SEED)
    assert result.exit_code == 0 and "1 added" in result.output
    con = sqlite3.connect(db_path)
    quote = con.execute("SELECT speaker_name, o.name FROM facts f JOIN outlets o ON o.id = f.outlet_id "
                        "WHERE quote LIKE 'No, President Trump%'").fetchall()
    assert quote == [("Claudia Sheinbaum", "TPR")]


def test_names_with_initials_suffixes_and_signatures_are_found_as_asked(db_path, tmp_path):
    # a middle initial and a suffix stay in the name but not in the question; a signed quote is no heading
    folder = tmp_path / "names"
    write_article(
        folder, "council.md", "“Voters have done their share,” Dale K. Foster Jr., a columnist for The Ledger, said on Twitter.\n\n"
        "The council met again on Friday. “Nobody listens to the neighborhoods,” Mr. Foster said.\n\n"
        "“The most careless plan I have seen in years.” ― Nadia Ferrer",
        title="The council meets", date="2026-11-30", outlet="Harbor Desk")
    assert run("--db", db_path, "ingest", folder).exit_code == 0

    def speakers(question):
        reply = json.loads(run("--db", db_path, "ask", "--json", question).output)
        return [(f["speaker"], f["text"][:30]) for f in reply["facts"]]

    foster = [("Dale K. Foster Jr", "“Voters have done their share,"),
              ("Dale K. Foster Jr", "“Nobody listens to the neighbo")]
    assert speakers("What did Dale Foster say?") == foster
    assert speakers("What did Dale Foster Jr say?") == foster
    assert speakers("What did Nadia Ferrer say?") == [("Nadia Ferrer", "“The most careless plan I have")]


def test_roles_given_in_passing_or_as_titles_are_asked_for_and_unnamed_lines_name_their_speaker(db_path, tmp_path):
    folder = tmp_path / "port"
    write_article(
        folder, "a-en.md", "Tomás Ferrer, the harbor commissioner, stayed behind with reporters.\n\n"
        "Mayor Lucía Benítez urged both sides to return. “Valdoria cannot wait,” Benítez said.\n\n"
        "“This walkout costs the city a fortune,” Ferrer said. “It is our last offer,” he added.",
        title="Port talks fail", date="2026-11-30", outlet="Coastal Herald")
    write_article(folder, "b-es.md",
                  "La alcaldesa Lucía Benítez visitó el puerto. «La ciudad no aguanta más», dijo la alcaldesa.",
                  title="La huelga sigue", date="2026-12-01", lang="es", outlet="Diario del Puerto")
    assert run("--db", db_path, "ingest", folder).exit_code == 0

    def ask(question):
        reply = json.loads(run("--db", db_path, "ask", "--json", question).output)
        return {f["speaker"] for f in reply["facts"]}, reply["text"]

    assert ask("What did the harbor commissioner say?")[0] == {"Tomás Ferrer"}
    assert ask("What did the mayor say?")[0] == {"Lucía Benítez"}
    speakers, text = ask("¿Qué dijo la alcaldesa?")
    assert speakers == {"Lucía Benítez"}
    # '…, dijo la alcaldesa.' does not name her: the line does
    assert "• Lucía Benítez: «La ciudad no aguanta más», dijo la alcaldesa." in text


def test_a_run_writes_oldest_first_from_its_spill_whatever_the_file_order(db_path, tmp_path):
    # the checked articles wait in a temporary file (a run's memory does not grow with its size),
    # then are written oldest first
    folder = tmp_path / "run"
    for name, date in [("a.md", "2026-03-01"), ("b.md", "2026-01-15"), ("c.md", "2026-04-02"), ("d.md", "2026-02-10")]:
        write_article(folder, name, f"Ana Ruiz said that the port of {name[0]} will reopen.", title=f"Article {name}",
                      date=date, outlet="O")
    result = run("--db", db_path, "ingest", folder)
    assert result.exit_code == 0 and "4 added" in result.output, result.output
    con = sqlite3.connect(db_path)
    order = [r[0] for r in con.execute("SELECT title FROM articles ORDER BY id")]
    assert order == ["Article b.md", "Article d.md", "Article a.md", "Article c.md"]
    assert con.execute("SELECT count(*) FROM facts").fetchone()[0] == 4


def test_prepared_spill_gives_back_what_it_was_given(tmp_path):
    from bot.entities import EntityIndex
    from bot.ingest.pipeline import PreparedSpill, prepare

    paths = []
    for name, date in [("late.md", "2026-05-01"), ("early.md", "2026-01-01")]:
        paths.append(write_article(tmp_path, name, "\u201cWe will reopen the port,\u201d Ana Ruiz said.", date=date,
                                   outlet="O"))
    items = [prepare(p, EntityIndex([])) for p in paths]
    with PreparedSpill() as spill:
        for item in items:
            spill.add(item)
        back = list(spill.oldest_first())
        assert len(spill) == 2
    assert [b.article.key for b in back] == [items[1].article.key, items[0].article.key]
    assert back[0].facts == items[1].facts and back[0].article.sha256 == items[1].article.sha256
