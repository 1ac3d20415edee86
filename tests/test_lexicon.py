"""The word lists are data: every list parses, no word is listed twice, and both languages'
files keep to the format the loader reads."""

from collections import Counter

import pytest

from bot import lexicon


@pytest.mark.parametrize("lang", lexicon.LANGS)
def test_no_word_is_listed_twice_in_a_list(lang):
    sections = lexicon.read_sections(lexicon.HERE / f"{lang}.txt")
    repeated = {name: [w for w, n in Counter(entries).items() if n > 1] for name, entries in sections.items()}
    assert {name: words for name, words in repeated.items() if words} == {}


@pytest.mark.parametrize("lang", lexicon.LANGS)
def test_every_section_is_one_the_loader_knows(lang):
    sections = lexicon.read_sections(lexicon.HERE / f"{lang}.txt")
    plain = set(lexicon.EN.words) | set(lexicon.ES.words)
    read = {"cue_verbs", "cue_words", "cue_verb_forms", "naming_verbs", "naming_verb_forms", "naming_words",
            "cue_phrases", "according_phrases", "proposal_phrases", "pronoun_genders", "possessive_genders",
            "title_genders", "role_genders", "given_name_forms", "relation_forms", "seniority_forms"}
    assert set(sections) <= plain | read


def test_forms_are_generated_and_listed_forms_win():
    assert lexicon.EN_CUES["said"] == "say" and lexicon.EN_CUES["warned"] == "warn"
    assert lexicon.EN_CUES["criticizing"] == "criticize"
    assert lexicon.ES_CUES["afirmo"] == "afirmó"  # folded form -> the form as written
    assert lexicon.ES_CUES["atribuyo"] == "atribuyó"  # -uir verbs
    assert lexicon.ES_PARTICIPLES["asegurado"] == "asegurado"
    assert lexicon.MULTI_CUES[("segun",)] == "según"
    assert lexicon.PRONOUNS["es"]["ella"] == "f" and lexicon.PRONOUNS["en"]["it"] == lexicon.NEUTER
    assert lexicon.PRONOUNS["en"]["they"] == "p" and lexicon.PRONOUNS["es"]["yo"] == "1"
    assert "joseph" in lexicon.GIVEN_NAMES["joe"] and "pepe" in lexicon.GIVEN_NAMES["jose"]


def test_a_section_twice_is_refused(tmp_path):
    path = tmp_path / "xx.txt"
    path.write_text("[days]\nmonday\n[days]\ntuesday\n", encoding="utf-8")
    with pytest.raises(ValueError, match="twice"):
        lexicon.read_sections(path)
