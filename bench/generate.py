"""Synthetic articles for the benchmarks, shaped like real news: about 30 sentences (600-900
words) in paragraphs, direct quotes and reported speech, a dozen people per article (several of
them sharing a surname, most with a role), English and Spanish, dates spread over a year, and
now and then the same wire text under a second outlet's name. Deterministic for a given seed.

    write_articles(folder, count)       the articles, one file each (front matter + Markdown)
    cached_articles(count)              the same, generated once into /tmp and reused
    people(count)                       the names the articles use, for benches that ask about them
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

FIRST = ["Ana", "Luis", "Maria", "John", "Carmen", "Peter", "Sofia", "David", "Elena", "Mark", "Rosa", "Tom",
         "Lucia", "Jorge", "Helen", "Pablo", "Irene", "Samuel", "Marta", "Victor", "Laura", "Oscar", "Clara",
         "Daniel", "Julia", "Hugo", "Teresa", "Adam", "Nuria", "Felix", "Alicia", "Ramon", "Grace", "Ivan",
         "Beatriz", "Martin", "Olga", "Simon", "Paula", "Ernesto"]
LAST = ["Ruiz", "Novak", "Herrera", "Walsh", "Ortega", "Keller", "Mendez", "Brooks", "Salas", "Fischer",
        "Navarro", "Doyle", "Castillo", "Lindqvist", "Paredes", "Okafor", "Romero", "Hale", "Vidal", "Moreau",
        "Quintana", "Barrett", "Serrano", "Kowalski", "Fuentes", "Ashby", "Molina", "Petrov", "Cabrera", "Whitlock"]
OUTLETS = ["City Wire", "Northern Post", "Radio Sur", "Diario del Valle", "The Ledger", "Agencia Centro",
           "Harbour Times", "La Voz del Norte", "Metro Daily", "Canal Siete", "The Courier", "Prensa Libre"]
TOPICS_EN = ["the new bridge", "water prices", "the border crossing", "school funding", "the port expansion",
             "fuel subsidies", "the trade talks", "public transport", "the election calendar", "hospital waits",
             "the housing plan", "the pension reform", "the coastal railway", "rent controls", "the budget deficit",
             "the fishing quotas", "the wildfire season", "the airport runway", "teacher salaries", "the tax rebate"]
TOPICS_ES = ["el nuevo puente", "el precio del agua", "el cruce fronterizo", "la financiación escolar",
             "la ampliación del puerto", "los subsidios al combustible", "las negociaciones comerciales",
             "el transporte público", "el calendario electoral", "las esperas en hospitales",
             "el plan de vivienda", "la reforma de las pensiones", "el tren costero", "el control de alquileres",
             "el déficit presupuestario", "las cuotas de pesca", "la temporada de incendios",
             "la pista del aeropuerto", "los salarios docentes", "la devolución de impuestos"]
# (English role, Spanish role for a man, Spanish role for a woman)
ROLES = [("Mayor", "el alcalde", "la alcaldesa"), ("Councillor", "el concejal", "la concejala"),
         ("Minister", "el ministro", "la ministra"), ("Senator", "el senador", "la senadora"),
         ("Governor", "el gobernador", "la gobernadora"), ("union leader", "el sindicalista", "la sindicalista"),
         ("spokesperson", "el portavoz", "la portavoz"), ("economist", "el economista", "la economista"),
         ("engineer", "el ingeniero", "la ingeniera"), ("prosecutor", "el fiscal", "la fiscal"),
         ("judge", "el juez", "la jueza"), ("professor", "el profesor", "la profesora")]
WOMEN = {"Ana", "Maria", "Carmen", "Sofia", "Elena", "Rosa", "Lucia", "Helen", "Irene", "Marta", "Laura",
         "Clara", "Julia", "Teresa", "Nuria", "Alicia", "Grace", "Beatriz", "Olga", "Paula"}
DAYS_EN = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "over the weekend", "late on Sunday"]
DAYS_ES = ["el lunes", "el martes", "el miércoles", "el jueves", "el viernes", "el fin de semana", "el domingo por la noche"]
PLACES = ["the town hall", "a press conference", "a radio interview", "parliament", "a packed meeting",
          "the harbour", "a campaign stop", "the regional assembly"]
LUGARES = ["el ayuntamiento", "una rueda de prensa", "una entrevista de radio", "el parlamento",
           "una reunión abarrotada", "el puerto", "un acto de campaña", "la asamblea regional"]

# sentence shapes; {a}/{b}: a person's full name, {ra}: their role, {sa}: their surname, {t}/{u}: topics,
# {n}/{m}: numbers, {day}, {place}, {o}: an outlet. {he}/{she} is the pronoun of the last speaker.
QUOTES_EN = [
    "\"We have the money and the plan for {t}, and nobody should doubt it,\" {a} told reporters {day}.",
    "\"This is not the moment to slow down on {t},\" said {ra} {a}, speaking at {place}.",
    "\"I have read every page of the report on {t} and the numbers simply do not add up,\" {a} said.",
    "\"If we lose {t}, we lose a generation of families who trusted us,\" {a} warned at {place}.",
    "\"Nobody in this room wants {t} to fail, but nobody wants to pay {n} million for it either,\" said {a}.",
    "{a} put it bluntly: \"We were promised {t} years ago and we are still waiting.\"",
    "\"Let me be clear about {t}: there will be no more delays,\" {ra} {a} said {day}.",
]
REPORTED_EN = [
    "{ra} {a} said {day} that {t} would be ready by the spring and that the cost would stay below {n} million.",
    "{a} rejected the timeline for {t} and warned that {u} would suffer if the council pressed ahead.",
    "According to {a}, at least {n} families depend on {t} and many more would be affected by {u}.",
    "{a} told {o} that the talks on {t} had stalled because of a dispute over {u}.",
    "{ra} {a} argued that {t} should come before {u}, since the money could only be spent once.",
    "{a} proposed a public vote on {t} within {m} months, a step that surprised several colleagues.",
    "{a}, who has followed {t} for a decade, said the plan was sound but badly explained.",
    "{ra} {a} accused the government of hiding the real cost of {t} from voters.",
    "{a} insisted that {u} and {t} were separate questions and should be debated apart.",
]
FOLLOW_EN = [
    "{She} added that talks would continue next week and that {u} remained a priority.",
    "{She} said {sa_pron} office had received more than {n} letters about {t} since January.",
    "Later, {sa} said the figures would be published before the end of the month.",
    "{sa} also said that {he_she} had met the regional delegation twice to discuss {u}.",
]
BACKGROUND_EN = [
    "The council met for three hours {day} and approved a budget of {n} million for the coming year.",
    "Work on {t} began {m} years ago and has been interrupted several times by court challenges.",
    "Residents gathered outside {place}, some holding signs about {u}, others simply waiting for news.",
    "The regional government has not yet published its own estimate of the cost of {t}.",
    "Figures released in March showed that spending on {u} had risen by {m} percent in two years.",
    "A committee will review the proposal on {t} before any final decision is taken.",
    "The debate over {t} has divided neighbourhoods that usually vote the same way.",
    "Opposition groups have called for an independent audit of the accounts linked to {u}.",
]
QUOTES_ES = [
    "«Tenemos el dinero y el plan para {t}, y nadie debería dudarlo», afirmó {a} ante la prensa {day}.",
    "«No es momento de frenar {t}», dijo {ra} {a} durante {place}.",
    "«He leído cada página del informe sobre {t} y las cuentas no cuadran», aseguró {a}.",
    "«Si perdemos {t}, perdemos a una generación de familias que confió en nosotros», advirtió {a}.",
    "—Nadie quiere que {t} fracase, pero nadie quiere pagar {n} millones por ello —dijo {a}.",
    "{a} fue tajante: «Nos prometieron {t} hace años y seguimos esperando».",
    "«Quiero ser claro sobre {t}: no habrá más retrasos», declaró {ra} {a} {day}.",
]
REPORTED_ES = [
    "{ra} {a} dijo {day} que {t} estará listo en primavera y que el coste no superará los {n} millones.",
    "{a} rechazó el calendario de {t} y advirtió que {u} se verá afectado si el consejo sigue adelante.",
    "Según {a}, al menos {n} familias dependen de {t} y muchas más sufrirían por {u}.",
    "{a} explicó a {o} que las conversaciones sobre {t} se han estancado por una disputa sobre {u}.",
    "{ra} {a} sostuvo que {t} debe ir antes que {u}, porque el dinero solo puede gastarse una vez.",
    "{a} propuso una consulta pública sobre {t} en un plazo de {m} meses, algo que sorprendió a sus colegas.",
    "{a}, que sigue {t} desde hace una década, afirmó que el plan es sólido pero está mal explicado.",
    "{ra} {a} acusó al gobierno de ocultar a los votantes el coste real de {t}.",
    "{a} insistió en que {u} y {t} son asuntos distintos y deben debatirse por separado.",
]
FOLLOW_ES = [
    "Añadió que las conversaciones seguirán la próxima semana y que {u} sigue siendo una prioridad.",
    "Según explicó, su oficina ha recibido más de {n} cartas sobre {t} desde enero.",
    "Más tarde, {sa} dijo que las cifras se publicarán antes de fin de mes.",
    "{sa} también aseguró que se ha reunido dos veces con la delegación regional para hablar de {u}.",
]
BACKGROUND_ES = [
    "El consejo se reunió durante tres horas {day} y aprobó un presupuesto de {n} millones para el próximo año.",
    "Las obras de {t} comenzaron hace {m} años y se han interrumpido varias veces por recursos judiciales.",
    "Los vecinos se concentraron ante {place}, algunos con pancartas sobre {u}, otros a la espera de noticias.",
    "El gobierno regional todavía no ha publicado su propia estimación del coste de {t}.",
    "Las cifras publicadas en marzo mostraron que el gasto en {u} ha subido un {m} por ciento en dos años.",
    "Una comisión revisará la propuesta sobre {t} antes de tomar una decisión final.",
    "El debate sobre {t} ha dividido a barrios que suelen votar lo mismo.",
    "Los grupos de la oposición han pedido una auditoría independiente de las cuentas ligadas a {u}.",
]
HEADINGS_EN = ["What the council decided", "The cost", "Reactions", "What comes next", "Background"]
HEADINGS_ES = ["Lo que decidió el consejo", "El coste", "Reacciones", "Lo que viene", "Antecedentes"]
START = dt.date(2025, 12, 1)  # articles spread over the year that follows
STORY_SIZE = 6  # consecutive articles share a story (and dates a few days apart)
WIRE_EVERY = 10  # every tenth article is the previous one's text under another outlet's name
CACHE = Path("/tmp/newsbot-bench-cache")
VERSION = 2  # bump when the articles change, so a cache of older ones is not reused


def people(count: int = 400, seed: int = 11) -> list[tuple[str, str]]:
    """(full name, surname) of the people the articles quote, the same list for every article set:
    few surnames for many first names, so a surname alone is often several people."""
    rng = random.Random(seed)
    seen, out = set(), []
    while len(out) < min(count, len(FIRST) * len(LAST)):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if (first, last) not in seen:
            seen.add((first, last))
            out.append((f"{first} {last}", last))
    return out


def _cast(rng: random.Random, pool: list[tuple[str, str]]) -> list[dict]:
    """10-14 people for one article; at least two pairs share a surname."""
    chosen = rng.sample(pool, rng.randint(8, 11))
    by_last = [p for p in pool if p[1] in {chosen[0][1], chosen[1][1]} and p not in chosen]
    chosen += by_last[:rng.randint(2, 3)]
    cast = []
    for full, last in chosen:
        en, es_m, es_f = rng.choice(ROLES)
        woman = full.split()[0] in WOMEN
        cast.append({"a": full, "sa": last, "role_en": en, "role_es": es_f if woman else es_m, "woman": woman})
    rng.shuffle(cast)
    return cast


def _fill(template: str, person: dict, lang: str, rng: random.Random, topics: list[str]) -> str:
    t, u = rng.sample(topics, 2)
    role = person["role_en"] if lang == "en" else person["role_es"]
    if lang == "en":
        role = role if role[0].isupper() else f"the {role}"
    woman = person["woman"]
    text = template.format(
        a=person["a"], sa=person["sa"], ra=role, t=t, u=u, n=rng.randint(12, 980), m=rng.randint(2, 9),
        day=rng.choice(DAYS_EN if lang == "en" else DAYS_ES),
        place=rng.choice(PLACES if lang == "en" else LUGARES), o=rng.choice(OUTLETS),
        She="She" if woman else "He", he_she="she" if woman else "he", sa_pron="her" if woman else "his")
    return text[0].upper() + text[1:]


def _body(rng: random.Random, lang: str, pool: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """(title, paragraphs): about 30 sentences, quotes, reported speech, follow-ups, background."""
    topics = TOPICS_ES if lang == "es" else TOPICS_EN
    quotes, reported, follow, background = ((QUOTES_ES, REPORTED_ES, FOLLOW_ES, BACKGROUND_ES) if lang == "es"
                                            else (QUOTES_EN, REPORTED_EN, FOLLOW_EN, BACKGROUND_EN))
    headings = HEADINGS_ES if lang == "es" else HEADINGS_EN
    cast = _cast(rng, pool)
    lead = cast[0]
    sentences = 0
    paragraphs: list[str] = []
    target = rng.randint(31, 38)
    turn = 0
    while sentences < target:
        if paragraphs and rng.random() < 0.12:
            paragraphs.append("## " + rng.choice(headings))
        person = lead if turn % 4 == 0 else cast[turn % len(cast)]
        turn += 1
        para = [_fill(rng.choice(quotes if rng.random() < 0.45 else reported), person, lang, rng, topics)]
        if rng.random() < 0.55:
            para.append(_fill(rng.choice(follow), person, lang, rng, topics))
        if rng.random() < 0.6:
            para.append(_fill(rng.choice(background), person, lang, rng, topics))
        sentences += len(para)
        paragraphs.append(" ".join(para))
    topic = rng.choice(topics)
    title = (f"{lead['a']} defiende el plan para {topic}" if lang == "es" else f"{lead['a']} defends plan for {topic}")
    return title, paragraphs


def article(i: int, rng: random.Random, count: int = 1000, pool: list[tuple[str, str]] | None = None) -> tuple[str, str]:
    """(file name, text) of the i-th of `count` articles."""
    pool = pool or people()
    lang = "es" if i % 3 == 0 else "en"
    title, paragraphs = _body(rng, lang, pool)
    outlet = rng.choice(OUTLETS)
    source = "Fuente" if lang == "es" else "Source"
    paragraphs = [p if p.startswith("## ") or rng.random() < 0.7 else f"{p} ({source}: {rng.choice(OUTLETS)})"
                  for p in paragraphs]
    day = START + dt.timedelta(days=(i * 365) // max(count, 1))
    return _file(i, lang, title, day, outlet, i // STORY_SIZE, paragraphs)


def _file(i: int, lang: str, title: str, day: dt.date, outlet: str, story: int, paragraphs: list[str]) -> tuple[str, str]:
    text = (f"---\ntitle: \"{title} ({i})\"\ndate: {day.isoformat()}\nlang: {lang}\noutlet: {outlet}\n"
            f"story: story-{story}\n---\n\n" + "\n\n".join(paragraphs) + "\n")
    return f"gen-{i:06d}.{lang}.md", text


def write_articles(folder: Path, count: int, seed: int = 7) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pool = people()
    paths = []
    last = None
    for i in range(count):
        if last and i % WIRE_EVERY == WIRE_EVERY - 1:
            # a wire copy: the same body, another outlet, its own title (bot/stories.py dedups it)
            name, text = last
            head, body = text.split("---\n\n", 1)
            head = "\n".join(f"outlet: {rng.choice(OUTLETS)}" if x.startswith("outlet:") else
                             (x.replace(")\"", f" wire {i})\"") if x.startswith("title:") else x)
                             for x in head.split("\n"))
            name, text = f"gen-{i:06d}.{name.split('.')[1]}.md", head + "---\n\n" + body
        else:
            name, text = article(i, rng, count, pool)
            last = (name, text)
        p = folder / name
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def cached_articles(count: int, seed: int = 7) -> Path:
    """The folder of `count` generated articles, written once under /tmp and reused by later runs."""
    folder = CACHE / f"v{VERSION}-{count}-{seed}"
    done = folder / ".complete"
    if not done.exists():
        articles = folder / "articles"
        write_articles(articles, count, seed)
        done.write_text("ok\n")
    return folder / "articles"


if __name__ == "__main__":
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    print(cached_articles(n))
