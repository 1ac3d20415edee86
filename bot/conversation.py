"""What a conversation is made of, for every channel: a message in, a reply out, and the state a
follow-up depends on ("and Trump?", "more"), which the fact base keeps per chat."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Query:
    intent: str
    text: str
    persons: list[str] = field(default_factory=list)  # entity slugs of people and organizations
    topics: list[str] = field(default_factory=list)  # entity slugs of places and topics
    terms: list[str] = field(default_factory=list)  # folded content words left to search for
    unknown: str | None = None  # a name the question is about that no entity matches
    followup: bool = False
    pronoun: str | None = None  # "f"/"m"/"" when the message points back at someone ("what about her?")
    choices: list[str] = field(default_factory=list)  # people a bare surname may name ("Clinton"): ask
    outlet: str | None = None  # an outlet asked about as a speaker ("What did Reuters report?")
    about: bool = False  # "what X said about T": the topics and terms say what the facts must be about
    named_as: dict[str, str] = field(default_factory=dict)  # topic slug -> the words the question used
    dates: tuple[str, str] | None = None  # ISO days the question restricts to ('yesterday', 'el 18 de noviembre')
    choice_span: tuple[int, int] | None = None  # where the question names them
    choice_by_role: bool = False  # the choices hold one role ('the mayor'), not one name
    owners: list[str] = field(default_factory=list)  # whose role it is: 'Pixora' of 'el abogado de Pixora'
    relation: str | None = None  # 'and her sister?': the relative asked for ('sister'), of the person meant


@dataclass
class Message:
    text: str
    user_id: int = 0
    language_code: str | None = None


@dataclass
class Conversation:
    """What a reply to the next message may depend on."""

    explicit_lang: str | None = None
    last_query: Query | None = None
    last_persons: list[str] = field(default_factory=list)
    pending: list[int] = field(default_factory=list)
    shown: list[int] = field(default_factory=list)
    last_lang: str | None = None
    last_text: str | None = None  # the last question, for "the other language" buttons
    choosing: list[str] = field(default_factory=list)  # people just offered ("which Clinton?")
    choosing_text: str | None = None  # the question they were offered for
    choosing_span: tuple[int, int] | None = None  # where it names them

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Conversation":
        d = dict(d)
        q = d.pop("last_query", None)
        conv = cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})
        if q:
            conv.last_query = Query(**{k: v for k, v in q.items() if k in Query.__dataclass_fields__})
        return conv


@dataclass
class FactRef:
    id: int
    speaker: str | None
    text: str
    outlet: str


@dataclass
class Reply:
    text: str
    lang: str
    intent: str
    facts: list[FactRef] = field(default_factory=list)
    answered: bool = False
    suggestions: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)  # people to pick from (buttons on Telegram)

    def to_json(self) -> dict:
        return {"text": self.text, "lang": self.lang, "intent": self.intent, "answered": self.answered,
                "facts": [{"id": f.id, "speaker": f.speaker, "text": f.text, "outlet": f.outlet} for f in self.facts]}
