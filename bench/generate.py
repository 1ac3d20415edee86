"""Synthetic articles for the benchmarks: varied people, outlets, quotes and reported speech, in
English and Spanish, in the front-matter format. Deterministic for a given seed."""

from __future__ import annotations

import random
from pathlib import Path

FIRST = ["Ana", "Luis", "Maria", "John", "Carmen", "Peter", "Sofia", "David", "Elena", "Mark", "Rosa", "Tom"]
LAST = ["Ruiz", "Novak", "Herrera", "Walsh", "Ortega", "Keller", "Mendez", "Brooks", "Salas", "Fischer"]
OUTLETS = ["City Wire", "Northern Post", "Radio Sur", "Diario del Valle", "The Ledger", "Agencia Centro"]
TOPICS_EN = ["the new bridge", "water prices", "the border crossing", "school funding", "the port expansion",
             "fuel subsidies", "the trade talks", "public transport", "the election calendar", "hospital waits"]
TOPICS_ES = ["el nuevo puente", "el precio del agua", "el cruce fronterizo", "la financiación escolar",
             "la ampliación del puerto", "los subsidios al combustible", "las negociaciones comerciales",
             "el transporte público", "el calendario electoral", "las esperas en hospitales"]


def article(i: int, rng: random.Random) -> tuple[str, str]:
    lang = "es" if i % 3 == 0 else "en"
    a = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    b = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    topics = TOPICS_ES if lang == "es" else TOPICS_EN
    t1, t2 = rng.sample(topics, 2)
    outlet, other = rng.sample(OUTLETS, 2)
    n = rng.randint(100, 999)
    if lang == "en":
        body = [
            f"Mayor {a} said on Tuesday that {t1} will be ready by spring. (Source: {other})",
            f"\"We have the money and the plan,\" {a} told reporters. \"Nobody should doubt it.\"",
            f"Councillor {b} rejected the timeline and warned that {t2} would suffer.",
            f"According to {b}, at least {n} families depend on {t1}.",
            f"She said that talks would continue next week, adding that {t2} remains a priority.",
            f"The council met for three hours and approved a budget of {n} million. (Source: {outlet})",
        ]
        title = f"{a} defends plan for {t1}"
    else:
        body = [
            f"La alcaldesa {a} dijo el martes que {t1} estará listo en primavera. (Fuente: {other})",
            f"«Tenemos el dinero y el plan», afirmó {a}. «Nadie debería dudarlo».",
            f"El concejal {b} rechazó el calendario y advirtió que {t2} se verá afectado.",
            f"Según {b}, al menos {n} familias dependen de {t1}.",
            f"—No vamos a ceder —dijo {b}.",
            f"El consejo se reunió tres horas y aprobó un presupuesto de {n} millones. (Fuente: {outlet})",
        ]
        title = f"{a} defiende el plan para {t1}"
    rng.shuffle(body[2:5])
    text = (f"---\ntitle: \"{title} ({i})\"\ndate: 2026-{1 + i % 12:02d}-{1 + i % 28:02d}\nlang: {lang}\n"
            f"outlet: {outlet}\nstory: story-{i % 200}\n---\n\n" + "\n\n".join(body) + "\n")
    return f"gen-{i:05d}.{lang}.md", text


def write_articles(folder: Path, count: int, seed: int = 7) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        name, text = article(i, rng)
        p = folder / name
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths
