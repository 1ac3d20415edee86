"""What the extractor finds: attributions (speaker, cue, content), and the mentions of speakers
it reads them from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Mention:
    start: int
    end: int
    kind: str  # name | pronoun | role | np | relative
    gender: str | None = None
    ref: "Mention | None" = None  # who is meant: 'Mr. Kamin, who said…', 'Mr. Morgan of the Sierra Club'


@dataclass
class Attribution:
    content_start: int
    content_end: int
    kind: str  # direct | indirect
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_lemma: str | None = None
    entity: str | None = None  # slug of the speaker's entity, when known
    speaker_title: str | None = None  # "former president" in "Former president Felipe Calderón"
    quotes: list[tuple[int, int]] = field(default_factory=list)  # inner spans of quoted words
    rule: str = ""  # the pass that made it (newsbot extract --explain)

    def to_json(self) -> dict:
        return {
            "speaker": self.speaker,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
            "cue": self.cue,
            "content_start": self.content_start,
            "content_end": self.content_end,
            "kind": self.kind,
        }
