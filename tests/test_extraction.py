"""Attribution extraction: quote forms and reported speech in English and Spanish, and the JSON
that `newsbot extract --json` prints."""

import json

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.ingest.attribution import extract_attributions, split_sentences
from bot.ingest.attribution.quotes import find_quotes


def paragraphs(text):
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def attributions(text, lang="en"):
    return [(a.kind, text[a.speaker_start:a.speaker_end] if a.speaker_start is not None else None,
             text[a.content_start:a.content_end]) for a in extract_attributions(text, paragraphs(text), lang)]


@pytest.mark.parametrize("text, speaker, content", [
    ('"We will win this fight," Senator Ana Ruiz said.', "Senator Ana Ruiz", '"We will win this fight,"'),
    ('“We will win,” said Ana Ruiz.', "Ana Ruiz", "“We will win,”"),
    ('Ana Ruiz said: “The vote is on Friday.”', "Ana Ruiz", "“The vote is on Friday.”"),
    ("The vote moved to Friday, a spokeswoman for the council said.", "a spokeswoman for the council",
     "The vote moved to Friday"),
    ("According to Tom Ha, the plant will close in June.", "Tom Ha", "the plant will close in June"),
    ("Edward Alden, a fellow at the Council on Foreign Relations, said that tariffs would hurt exporters.",
     "Edward Alden", "tariffs would hurt exporters"),
])
def test_english_forms(text, speaker, content):
    found = attributions(text)
    assert any(s == speaker and c == content for _, s, c in found), found


@pytest.mark.parametrize("text, speaker, content", [
    # a verb after '“…,” subject' is the cue even when no list holds it
    ("“Our support is real,” the letter reads.", "the letter", "“Our support is real,”"),
    ("“We were floored,” Mr. Morgan of the Sierra Club recalled.", "Mr. Morgan of the Sierra Club",
     "“We were floored,”"),
    # names and titles the tokens used to break
    ("“The cause is not known,” said O'Neill, on his first day.", "O'Neill", "“The cause is not known,”"),
    ('"This is a waste of time," said Del. Stacey Plaskett.', "Del. Stacey Plaskett", '"This is a waste of time,"'),
    ("“They are wrong,” said 9/11 widow Terry Strada.", "9/11 widow Terry Strada", "“They are wrong,”"),
    # any verb with a subject governs the quoted phrase after it
    ("Nina Cole openly admires the mayor as a “strong leader,” comparing her to a coach.", "Nina Cole",
     "the mayor as a “strong leader,”"),
    ("Cruz exhorted delegates to “vote your conscience” and said he would stay.", "Cruz",
     "delegates to “vote your conscience”"),
    ('Lee called the plan a "nasty deal," a "fraud" and "sick."', "Lee", 'the plan a "nasty deal," a "fraud" and "sick."'),
    # 'what he called' inside another's sentence: the sentence's subject speaks
    ("Ban Ki-moon condemned what he called a “brazen breach” of the rules.", "Ban Ki-moon",
     "a “brazen breach” of the rules"),
    # a participle takes the sentence's subject, not the clause's
    ("Ana Ruiz said that she believes in it, saying that “race still matters” in schools.", "Ana Ruiz",
     "“race still matters” in schools"),
])
def test_quotes_any_verb_can_carry(text, speaker, content):
    found = attributions(text)
    assert any(s == speaker and c == content for _, s, c in found), found


def test_a_closing_tag_with_a_colon_speaks_the_paragraphs_after_it():
    text = 'The Herald reports:\n"Only a quarter of donors gave small sums."\n"The rest gave more."'
    found = attributions(text)
    assert [(s, c) for _, s, c in found] == [
        ("Herald", '"Only a quarter of donors gave small sums."'), ("Herald", '"The rest gave more."')]


def test_pronoun_resolves_to_last_named_person():
    text = "Maria Lopez spoke in Denver.\nShe said that the budget is balanced."
    atts = extract_attributions(text, paragraphs(text), "en")
    assert [(a.speaker, text[a.speaker_start:a.speaker_end]) for a in atts] == [("Maria Lopez", "She")]


def test_split_quote_and_paragraph_continuation():
    text = ('“We are ready,” Mayor Jo Park said. “The city has the money.”\n'
            '“And we will start in May,” she added.\n'
            '“Nobody will be left behind.')
    found = attributions(text)
    # the quote goes on after its tag: one attribution, as annotators mark it
    assert ("direct", "Mayor Jo Park", "“We are ready,” Mayor Jo Park said. “The city has the money.”") in found
    assert any(s == "she" and "May" in c for _, s, c in found)
    assert any(c.startswith("“Nobody") for _, _, c in found)


def test_multi_paragraph_quote_is_one_quotation():
    text = "“First part of the speech.\n“Second part, still speaking,” Lee said."
    quotes = find_quotes(text, paragraphs(text))
    assert len(quotes) == 1 and len(quotes[0].inner) == 2


def test_sentences_do_not_split_inside_quotes_or_abbreviations():
    text = '“No, President Trump. Our territory is inviolable.” The U.S. Senate met. Mr. Ruiz left.'
    spans = split_sentences(text, 0, len(text))
    assert [text[s:e] for s, e in spans] == [
        "“No, President Trump. Our territory is inviolable.”", "The U.S. Senate met.", "Mr. Ruiz left."]


@pytest.mark.parametrize("text, speaker, content", [
    ("—No va a ocurrir —dijo la presidenta.", "la presidenta", "No va a ocurrir"),
    ("«Vamos a ganar», afirmó Ana Ruiz.", "Ana Ruiz", "«Vamos a ganar»"),
    ("Ana Ruiz dijo que el puente abrirá en marzo.", "Ana Ruiz", "el puente abrirá en marzo"),
    # a verb no list holds, before 'que' and a quoted phrase
    ("La jueza Marta Gil resolvió que la norma era «nula de pleno derecho».", "Marta Gil",
     "la norma era «nula de pleno derecho»"),
    ("Según Tomás Ha, la planta cerrará en junio.", "Tomás Ha", "la planta cerrará en junio"),
    ("Sheinbaum fue tajante: «No va a ocurrir».", "Sheinbaum", "«No va a ocurrir»"),
])
def test_spanish_forms(text, speaker, content):
    found = attributions(text, "es")
    assert any(s == speaker and c == content for _, s, c in found), found


def test_extract_json_offsets_index_the_file_as_read(tmp_path):
    path = tmp_path / "a.txt"
    text = "Title line\n\n“We are ready,” said Mayor Jo Park.\n"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--json", str(path)])
    assert result.exit_code == 0
    obj = json.loads(result.output.splitlines()[0])
    assert obj["path"] == str(path)
    (att,) = obj["attributions"]
    assert set(att) == {"speaker", "speaker_start", "speaker_end", "cue", "content_start", "content_end", "kind"}
    assert text[att["speaker_start"]:att["speaker_end"]] == "Mayor Jo Park"
    assert text[att["content_start"]:att["content_end"]] == "“We are ready,”"
    assert att["kind"] == "direct" and att["cue"] == "said"


def test_extract_reports_broken_files_without_traceback(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe")
    result = CliRunner().invoke(cli, ["extract", "--json", str(bad)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert json.loads(result.output.splitlines()[0])["error"].endswith("not UTF-8 text")
