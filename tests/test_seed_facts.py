"""Every quote of the seed story is a fact with the right speaker and outlet, in both editions."""

import pytest

QUOTES = [
    ("en", "are not going to happen", "Claudia Sheinbaum", "Anadolu Ajansı"),
    ("en", "okay with", "Donald Trump", "EL PAÍS English"),
    ("en", "Not going to happen", "Claudia Sheinbaum", "Anadolu Ajansı"),
    ("en", "No, President Trump. Our territory is inviolable, our sovereignty is inviolable, sovereignty is not for sale",
     "Claudia Sheinbaum", "TPR"),
    ("en", "very good", "Claudia Sheinbaum", "Anadolu Ajansı"),
    ("en", "will not happen", "Claudia Sheinbaum", "Latin Times"),
    ("es", "no van a ocurrir", "Claudia Sheinbaum", "Anadolu Ajansı"),
    ("es", "de acuerdo", "Donald Trump", "EL PAÍS English"),
    ("es", "No va a ocurrir", "Claudia Sheinbaum", "Anadolu Ajansı"),
    ("es", "No, presidente Trump. Nuestro territorio es inviolable, nuestra soberanía es inviolable, la soberanía no se vende",
     "Claudia Sheinbaum", "TPR"),
    ("es", "muy buena", "Claudia Sheinbaum", "Anadolu Ajansı"),
    ("es", "no sucederán", "Claudia Sheinbaum", "Latin Times"),
]


@pytest.mark.parametrize("lang, quote, speaker, outlet", QUOTES)
def test_seed_quote_is_a_fact(shipped_db, lang, quote, speaker, outlet):
    rows = list(shipped_db.query(
        "SELECT f.speaker_name, o.name AS outlet, f.kind FROM facts f JOIN outlets o ON o.id = f.outlet_id "
        "WHERE f.lang = ? AND f.quote = ?", [lang, quote]))
    assert rows, f"no fact quotes {quote!r}"
    assert [(r["speaker_name"], r["outlet"]) for r in rows] == [(speaker, outlet)] * len(rows)


@pytest.mark.parametrize("lang, fragment, speaker, kind", [
    ("en", "military personnel could operate in Mexico", "Donald Trump", "proposal"),
    ("en", "called on the United Nations", "Claudia Sheinbaum", "proposal"),
    ("en", "will not accept foreign troops", "Claudia Sheinbaum", "position"),
    ("es", "personal militar estadounidense podría operar", "Donald Trump", "proposal"),
    ("es", "pidió a las Naciones Unidas", "Claudia Sheinbaum", "proposal"),
    ("es", "La mandataria subrayó", "Claudia Sheinbaum", "position"),
])
def test_reported_speech_speakers_and_kinds(shipped_db, lang, fragment, speaker, kind):
    rows = list(shipped_db.query("SELECT speaker_name, kind FROM facts WHERE lang = ? AND text LIKE ?",
                                 [lang, f"%{fragment}%"]))
    assert [(r["speaker_name"], r["kind"]) for r in rows] == [(speaker, kind)]


def test_both_editions_credit_the_same_outlets(shipped_db):
    per_lang = {}
    for r in shipped_db.query("SELECT f.lang, o.name FROM facts f JOIN outlets o ON o.id = f.outlet_id"):
        per_lang.setdefault(r["lang"], set()).add(r["name"])
    assert per_lang["en"] == per_lang["es"]
    assert {"Anadolu Ajansı", "EL PAÍS English", "TPR", "Latin Times", "Reuters"} <= per_lang["en"]
