"""Word lists the extractor relies on: reporting verbs, titles, pronouns, role nouns, per language."""

from __future__ import annotations

from bot.text import fold


def _en_forms(base: str) -> set[str]:
    if base.endswith("e"):
        ed, ing, s = base + "d", base[:-1] + "ing", base + "s"
    elif base.endswith("y") and base[-2] not in "aeiou":
        ed, ing, s = base[:-1] + "ied", base + "ing", base[:-1] + "ies"
    elif base.endswith(("s", "sh", "ch", "x")):
        ed, ing, s = base + "ed", base + "ing", base + "es"
    else:
        ed, ing, s = base + "ed", base + "ing", base + "s"
    return {base, ed, ing, s}


_EN_REGULAR = """add note claim argue insist warn ask explain state declare announce acknowledge admit
assert contend maintain stress emphasize emphasise underscore suggest propose float urge reply respond
answer recall predict vow promise pledge deny reject confirm complain accuse tweet question
demand threaten indicate signal testify conclude concede agree hint joke quip observe remark repeat
reiterate allege caution counter estimate mention describe criticize criticise praise rebuff dismiss
boast lament recommend tout complain charge insist argue contend reveal disclose announce
predict posit opine muse acknowledge recount affirm clarify concur dispute object protest retort
scoff shout snap stress swear whisper yell exclaim declare demand plead speculate surmise theorize
warn worry order request invite report continue believe cite agree expect hope fear doubt comment"""

EN_IRREGULAR = {
    "say": {"say", "says", "said", "saying"},
    "tell": {"tell", "tells", "told", "telling"},
    "write": {"write", "writes", "wrote", "written", "writing"},
    "think": {"think", "thinks", "thought", "thinking"},
    "speak": {"speak", "speaks", "spoke", "spoken", "speaking"},
    "tweet": {"tweet", "tweets", "tweeted", "tweeting"},
    "add": {"add", "adds", "added", "adding"},
    "rebut": {"rebut", "rebuts", "rebutted", "rebutting"},
    "show": {"shows", "showed", "shown"},
    "find": {"finds", "found"},
    "know": {"knows", "knew"},
}

EN_CUES: dict[str, str] = {}
for _base in _EN_REGULAR.split():
    for _f in _en_forms(_base):
        EN_CUES[_f] = _base
for _base, _forms in EN_IRREGULAR.items():
    for _f in _forms:
        EN_CUES[_f] = _base
# Forms that news copy mostly uses as nouns or bare infinitives ('secretary of state', 'swing states',
# 'a big question', 'to continue their attacks'): cues only right before 'that' or a colon.
EN_NOUNISH_CUES = {"state", "states", "question", "questions", "hope", "hopes", "doubt", "doubts", "protest",
                   "protests", "fear", "fears", "worry", "worries", "continue", "order", "orders", "request",
                   "requests"}

# Cues that are common nouns too: only a cue right after a subject, never inverted.
EN_WEAK_CUES = {"question", "questions", "answer", "answers", "charge", "charges", "order", "orders",
                "request", "requests", "object", "objects", "point", "points", "signal", "signals",
                "counter", "counters", "estimate", "estimates", "float", "floats", "state", "states",
                "report", "reports", "worry", "worries", "caution", "joke", "jokes", "protest", "protests",
                "think", "thinks", "thought", "invite", "invites", "demand", "demands", "hint", "hints",
                "promise", "promises", "tweet", "tweets", "remark", "remarks", "tout", "touts",
                "warning", "question", "speaking", "thinking"}
# Verbs whose subject may follow them: "…,” said Trump.
EN_INVERTABLE = {"say", "tell", "add", "write", "ask", "explain", "note", "continue", "reply",
                 "respond", "insist", "warn", "recall", "answer", "declare", "argue", "claim", "state",
                 "report", "admit", "acknowledge", "concede", "observe", "joke", "quip", "remark", "counter",
                 "tweet", "predict", "boast", "complain", "suggest", "conclude", "announce", "confirm"}

ES_CUES_LIST = """dijo dice decía dijeron dicen decían ha dicho había dicho diciendo
afirmó afirma afirmaron afirman afirmando aseguró asegura aseguraron aseguran asegurando
señaló señala señalaron señalan señalando subrayó subraya subrayaron subrayando
insistió insiste insistieron insistiendo rechazó rechaza rechazaron rechazan rechazando
advirtió advierte advirtieron advierten advirtiendo explicó explica explicaron explicando
indicó indica indicaron indicando declaró declara declararon declarando sostuvo sostiene sostuvieron
propuso propone propusieron proponen sugirió sugiere sugirieron sugiriendo pidió pide pidieron piden
planteó plantea plantearon reiteró reitera reiteraron añadió añade agregó agrega apuntó apunta
comentó comenta respondió responde recordó recuerda aclaró aclara precisó precisa admitió admite
reconoció reconoce negó niega denunció denuncia anunció anuncia prometió promete criticó critica
acusó acusa destacó destaca enfatizó enfatiza expresó expresa manifestó manifiesta calificó califica
escribió escribe preguntó pregunta exigió exige amenazó amenaza aceptó acepta opinó opina consideró
considera estimó estima advertía remarcó remarca puntualizó defendió defiende lamentó lamenta
celebró celebra ofreció ofrece tuiteó publicó contestó contesta insistía cuestionó cuestiona
alertó alerta planteaba proponía sugería concluyó concluye""".split()
# Regular verbs, conjugated below (3rd person preterite, present, imperfect, gerund; participles
# only after a form of "haber"): -ar, -er/-ir, and -uir (atribuyó).
ES_REGULAR = """afirmar asegurar señalar subrayar insistir rechazar explicar indicar declarar plantear
reiterar añadir agregar apuntar comentar responder recordar aclarar precisar admitir denunciar anunciar
prometer criticar acusar destacar enfatizar expresar manifestar calificar escribir preguntar exigir
amenazar aceptar opinar considerar estimar remarcar puntualizar defender lamentar celebrar ofrecer
publicar contestar cuestionar alertar informar comunicar relatar resumir ironizar calcular quejar
protestar presentar corear confirmar revelar detallar recalcar matizar valorar justificar adelantar
avisar reclamar solicitar mencionar narrar zanjar insinuar criticar elogiar reprochar proclamar
atribuir concluir argumentar argüir asumir augurar vaticinar pronosticar prever deplorar condenar
felicitar agradecer reconocer""".split()


def _es_forms(infinitive: str) -> tuple[set[str], set[str]]:
    """(finite forms and gerund, participles) of a regular Spanish verb."""
    if infinitive.endswith("uir"):
        st = infinitive[:-2]
        return {st + e for e in ("yó", "ye", "yen", "yeron", "ía", "ían", "yendo")}, {st + "ido"}
    st, kind = infinitive[:-2], infinitive[-2:]
    if kind == "ar":
        return {st + e for e in ("ó", "a", "an", "aron", "aba", "aban", "ando")}, {st + "ado"}
    return {st + e for e in ("ió", "e", "en", "ieron", "ía", "ían", "iendo")}, {st + "ido"}


ES_CUES = {fold(w): w for w in ES_CUES_LIST}
ES_PARTICIPLES: dict[str, str] = {}
for _inf in ES_REGULAR:
    _finite, _parts = _es_forms(_inf)
    for _f in _finite:
        ES_CUES.setdefault(fold(_f), _f)
    for _f in _parts:
        ES_PARTICIPLES[fold(_f)] = _f
HABER = {"ha", "han", "habia", "habian", "he", "hemos", "hubo", "habra", "habria"}

# Multi-word cues, as folded token tuples, with their lemma.
MULTI_CUES = {
    ("according", "to"): "according to",
    ("was", "explicit"): "be explicit",
    ("was", "clear"): "be clear",
    ("made", "clear"): "make clear",
    ("makes", "clear"): "make clear",
    ("pointed", "out"): "point out",
    ("points", "out"): "point out",
    ("was", "okay", "with"): "be okay with",
    ("called", "on"): "call on",
    ("calls", "on"): "call on",
    ("called", "for"): "call for",
    ("calls", "for"): "call for",
    ("fue", "tajante"): "ser tajante",
    ("fue", "clara"): "ser clara",
    ("fue", "claro"): "ser claro",
    ("fue", "explicita"): "ser explícita",
    ("fue", "explicito"): "ser explícito",
    ("segun",): "según",
    ("de", "acuerdo", "con"): "de acuerdo con",
    ("dejo", "claro"): "dejar claro",
}
ACCORDING = {"according to", "según", "de acuerdo con"}

PROPOSAL_LEMMAS = {"call on", "call for", "propose", "suggest", "float", "urge", "recommend", "invite", "request", "demand",
                   "be okay with", "propuso", "propone", "propusieron", "proponen", "sugirió", "sugiere",
                   "sugirieron", "planteó", "plantea", "pidió", "pide", "ofreció", "ofrece", "exigió", "exige"}

PRONOUNS = {
    "en": {"he": "m", "she": "f", "they": None, "i": None, "we": None, "it": None},
    "es": {"el": "m", "ella": "f", "ellos": None, "ellas": None, "yo": None, "nosotros": None},
}
POSSESSIVES = {"her": "f", "his": "m", "their": None, "su": None, "sus": None}
NOMINAL_CUES = {"reply", "statement", "response", "remarks", "comments", "message", "words", "answer",
                "points", "argument", "view", "warning", "promise", "proposal", "respuesta", "declaracion",
                "mensaje", "palabras", "propuesta", "advertencia", "postura"}

DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "my", "our",
               "your", "some",
               "many", "several", "two", "three", "one", "other", "another", "each", "both", "most",
               "el", "la", "los", "las", "un", "una", "unos", "unas", "su", "sus", "este", "esta", "otro", "otra"}
# Words that may stand between subject and cue verb: "Trump also said", "she has repeatedly argued".
SKIP_BEFORE_CUE = {"has", "have", "had", "was", "is", "were", "are", "will", "would", "also", "later",
                   "then", "again", "previously", "repeatedly", "recently", "once", "often", "still",
                   "further", "outright", "flatly", "had", "did", "does", "do", "s", "ha", "han", "habia",
                   "tambien", "luego", "ya", "despues", "nuevamente", "incluso", "hoy", "ayer", "not",
                   "never", "always", "just", "only", "even", "first", "last", "publicly", "privately"}
ROLE_NOUNS = set(
    """official officials spokesman spokeswoman spokesperson aide aides adviser advisers advisor
    president presidents senator senators governor candidate minister secretary ambassador source sources
    analyst analysts expert experts critic critics supporter supporters campaign administration government
    report statement poll survey study people voters lawmakers leader leaders chairman chairwoman director
    democrats republicans police authorities officer officers agency department committee spokesmen
    attorney lawyer lawyers prosecutors prosecutor judge court congressman congresswoman representative
    mayor chief manager strategist strategists pollster pollsters nominee nominees challenger opponent
    opponents rival rivals researchers economists residents members member group groups party
    organization statement letter memo document filing complaint lawsuit press media newspaper
    mandataria mandatario presidenta presidente gobierno funcionario funcionarios portavoz vocero
    vocera canciller secretario secretaria embajador embajadora analista analistas experto expertos
    autoridades ministro ministra legisladores senador senadora diputado diputada lider lideres
    gobernador gobernadora fuentes fuente informe comunicado militares ejercito woman man
    alcalde alcaldesa concejal concejala consejero consejera director directora docente profesor
    profesora maestro maestra jefe jefa delegado delegada vecino vecina vecinos entrenador entrenadora
    sindicato oposicion empresa patronal investigador investigadora abogado abogada fiscal juez jueza
    doctor doctora medico medica friend friends father mother wife husband son daughter brother
    sister neighbor narrator percent respondents majority amigo amiga padre madre esposa esposo hijo hija""".split()
)
TITLES = set(
    fold(w)
    for w in """president presidenta presidente sen senator rep representative gov governor secretary
    mr mrs ms dr gen general former vice minister ambassador judge mayor chairman chairwoman director
    speaker leader attorney lt col sgt prime senadora senador secretario secretaria canciller
    embajador embajadora gobernador gobernadora expresidente expresidenta exmandatario don doña
    sr sra lic ministro ministra u.s us""".split()
)
ORG_WORDS = set(
    fold(w)
    for w in """department party council times news post ministry agency commission house committee
    association institute university foundation campaign administration government office court
    congress senate bureau service network press journal reuters ap cnn fbi cia nato un nations
    union bank company corp inc group center centre organization network tribune herald
    secretaria gobierno partido consejo universidad comision camara senado ministerio agencia
    ejercito diario periodico""".split()
)

# Verbs that put words in someone's mouth by naming or judging: 'Clinton called Trump a “con
# artist”', 'she described the plan as “reckless”'. A quotation right after one of them is that
# subject's words even without a reporting verb.
_EN_NAMING = """call describe label dub brand term deem characterize characterise liken compare refer
praise criticize criticise blast slam denounce dismiss mock accuse hail tout pound decry condemn
lambast ridicule attack deride cite promise vow pledge urge encourage demand chant tweet post""".split()
EN_NAMING: dict[str, str] = {}
for _base in _EN_NAMING:
    for _f in _en_forms(_base):
        EN_NAMING[_f] = _base
EN_NAMING.update({"calling": "call", "called": "call", "referred": "refer", "referring": "refer"})
ES_NAMING = {fold(w): w for w in """calificó califica calificaron llamó llama llamaron describió describe
describieron definió define tachó tacha tildó tilda comparó compara elogió elogia criticó critica
acusó acusa prometió promete exigió exige pidió pide""".split()}
