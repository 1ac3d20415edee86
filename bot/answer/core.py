"""The channel-free core: a message and its conversation in, a reply built from stored facts out.

The terminal chat, the tests and Telegram all call `AnswerCore.reply` (and `.command`), so the
same message from the same user state gets the same reply everywhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Callable, Sequence

from bot.answer.gist import asked_stems, gist
from bot.answer.understanding import Understanding, stems_for
from bot.conversation import Conversation, FactRef, Message, Query, Reply
from bot.entities import alias_key
from bot.factbase.queries import Fact, FactStore
from bot.i18n import Translator, format_date, format_list, pick_language
from bot.language import detect_language
from bot.lexicon import DETERMINERS, ROLE_NOUNS, STORY_NOUNS
from bot.text import is_stopword, words

MAX_FACTS = 4  # per reply; "more" for the rest
MAX_PENDING = 12
NEWS_STORIES = 5  # stories "what's new?" lists
# 'who reported that?', '¿quién lo informó?': the facts just shown, not every outlet
REFERS_BACK = {"that", "this", "it", "eso", "esto", "esa", "ese", "lo", "la"}
KIND_RANK = {"quote": 0, "position": 1, "proposal": 2, "statement": 3, "context": 4}

# the commands a channel offers the asker (None: anyone), as (name, description msgid), for help
CommandMenu = Callable[[Message | None], Sequence[tuple[str, str]]]


class AnswerCore:
    def __init__(self, store: FactStore, command_menu: CommandMenu | None = None):
        self.store = store
        self.command_menu = command_menu
        self._understanding: Understanding | None = None

    @property
    def understanding(self) -> Understanding:
        if self.store.refresh() or self._understanding is None:
            self._understanding = Understanding(self.store.index, [name for name, _ in self.store.outlets()])
        return self._understanding

    def forget_cached(self) -> None:
        """Forget cached parses and query results, as if every question were new."""
        self.store.forget()
        if self._understanding is not None:
            self._understanding.forget()

    # -- entry points ----------------------------------------------------------------------------

    def reply(self, message: Message, conv: Conversation) -> Reply:
        if conv.choosing:
            # the answer to "which Clinton do you mean?": the question asked again with that person
            picked, conv.choosing = self._picked(message.text, conv.choosing), []
            if picked is not None and conv.choosing_text:
                s, e = conv.choosing_span
                name = self.store.index.entities[picked].name
                message = Message(conv.choosing_text[:s] + name + conv.choosing_text[e:], message.user_id,
                                  message.language_code)
        detected = detect_language(message.text)
        lang = pick_language(conv.explicit_lang, detected, message.language_code)
        t = Translator(lang)
        q = self.understanding.parse(message.text, detected or lang)
        reply = self._dispatch(q, lang, detected, conv, t)
        conv.last_lang = lang
        if reply.answered and reply.intent not in ("more", "sources"):
            conv.last_text = message.text
        if reply.intent not in ("more", "sources", "thanks", "greeting", "help"):
            conv.last_query = q
            if reply.answered and q.persons:
                # most recent first, so "her"/"him" can reach back past the last question
                conv.last_persons = list(q.persons) + [p for p in conv.last_persons if p not in q.persons]
        return reply

    def command(self, name: str, args: list[str], message: Message, conv: Conversation) -> Reply:
        """Commands shared by the terminal chat and Telegram; a channel answers its own ones first."""
        self.store.refresh()
        lang = pick_language(conv.explicit_lang, None, message.language_code)
        t = Translator(lang)
        name = name.lower().lstrip("/").split("@")[0]
        if name == "lang":
            choice = (args[0].lower()[:2] if args else "")
            if choice not in ("en", "es"):
                return Reply(t("Choose a language: /lang en or /lang es."), lang, "lang")
            conv.explicit_lang = choice
            t = Translator(choice)
            return Reply(t("I will answer in English."), choice, "lang")
        if name in ("help", "start"):
            return Reply(self._help(t, message), lang, "help", suggestions=self.examples(t))
        if name == "sources":
            return self._sources(lang, t, [])
        if name == "summary":
            # '/summary venezuela': the story those words name; bare, the latest story
            q = self.understanding.parse(" ".join(args), lang) if args else None
            return self._summary(lang, t, conv, q)
        if name == "news":
            return self._news(None, lang, t, conv)
        if name == "more":
            return self._more(lang, t, conv)
        if name == "about":
            return self._about(lang, t)
        if name == "ask":
            if not args:
                return Reply(t("Ask me something after the command, for example: {example}",
                               example=self.examples(t)[0]), lang, "help")
            return self.reply(Message(" ".join(args), message.user_id, message.language_code), conv)
        return Reply(t("I don't know the command /{command}. Try /help.", command=name), lang, "command")

    # -- intents ---------------------------------------------------------------------------------

    def _dispatch(self, q: Query, lang: str, detected: str | None, conv: Conversation, t: Translator) -> Reply:
        if q.intent == "empty":
            return Reply(t("Write a question, for example: {example}", example=self.examples(t)[0]), lang, "empty")
        if q.intent == "greeting":
            return Reply(t("Hello! I answer questions about the news I have stored, quoting my sources.") + "\n"
                         + self._offer(t), lang, "greeting", suggestions=self.examples(t))
        if q.intent == "thanks":
            return Reply(t("You're welcome! Ask me anything else about the news."), lang, "thanks")
        if q.intent == "help":
            return Reply(self._help(t), lang, "help", suggestions=self.examples(t))
        if q.intent == "more":
            return self._more(lang, t, conv)
        if q.intent == "sources":
            if q.persons or len(q.terms) >= 2:
                # 'who reported that the club is in talks with X?': the outlets of the facts that say so
                found = self.rank(dataclasses.replace(q, intent="search"), lang, detected)[:MAX_FACTS]
                if found:
                    return self._sources(lang, t, [f.id for _, f in found])
            refers_back = bool(REFERS_BACK & set(words(q.text)))
            return self._sources(lang, t, conv.shown if refers_back else [])
        if q.intent == "summary":
            return self._summary(lang, t, conv, q)
        if q.intent == "news":
            return self._news(q, lang, t, conv)
        if self.store.is_empty():
            return Reply(t("My fact base is empty: no articles have been ingested yet."), lang, q.intent)

        # follow-ups inherit what the last question asked
        prev = conv.last_query
        if prev is not None and (q.followup or q.intent == "followup" or (q.pronoun is not None and not q.persons)):
            if q.pronoun is not None and not q.persons:
                q.persons = self._pronoun_persons(q.pronoun, conv)
                if q.relation and q.persons:  # 'and her sister?'
                    self.understanding.resolve_relative(q)
            if q.intent in ("followup", "topic", "search") and prev.intent not in ("greeting", "thanks", "help"):
                q.intent = prev.intent if prev.intent not in ("who", "topic", "search", "followup") else "said"
                if q.intent == "news" and (q.persons or q.topics or q.terms):
                    # "what's new?" then "and Venezuela?": that story's summary
                    return self._summary(lang, t, conv, dataclasses.replace(q, intent="summary"))
            if not q.topics and not q.persons:
                q.topics = list(prev.topics)
        if q.intent == "followup":
            q.intent = "said" if q.persons else "search"

        if q.choices and q.choice_by_role and q.owners:
            self._choices_of_owner(q)
        if q.choices and q.choice_by_role and (q.about or q.terms):
            self._choices_on_topic(q, detected)
        if q.choices and q.choice_by_role and conv.shown and q.followup:
            self._choices_in_story(q, conv)
        if q.choices:  # 'Ferrer and Herrera' with two Herreras: which one, then both people's facts
            return self._choose(q, lang, t, conv)
        if q.outlet and not q.persons:
            return self._outlet(q, lang, t, conv)
        if q.unknown and not q.persons:
            unnamed = self._unnamed_speaker(q, lang, t, conv)
            if unnamed is not None:
                return unnamed
            return Reply(t("I have nothing from {name} in my sources.", name=q.unknown) + "\n" + self._offer(t),
                         lang, q.intent)
        if q.intent == "who" or (q.intent == "topic" and q.persons and not q.topics):
            return self._who(q, lang, t, conv)
        return self._facts_reply(q, lang, detected, t, conv)

    def _outlet(self, q: Query, lang: str, t: Translator, conv: Conversation) -> Reply:
        """'What did Reuters report?': the facts credited to that outlet, quotes first, newest first."""
        facts = sorted(self.store.facts_by_outlet(q.outlet),
                       key=lambda f: (f.lang != lang, KIND_RANK.get(f.kind, 9), -(f.article_id), f.position))
        if not facts:
            return self._nothing(q, lang, t)
        if q.terms:  # 'What did the Tribune report about the museum?': those facts first
            asked = [s for s in stems_for(q.terms, None) if s not in stems_for(words(q.outlet), None)]
            hits = self.store.search(asked, among=[f.id for f in facts])
            facts.sort(key=lambda f: f.id not in hits)
        shown, rest = facts[:MAX_FACTS], [f.id for f in facts[MAX_FACTS:MAX_PENDING]]
        conv.shown, conv.pending = [f.id for f in shown], rest
        header = t("What {outlet} reported:", outlet=q.outlet)
        if shown[0].lang != lang:
            header += " " + only_in_note(t, shown[0].lang)
        return self._facts_text(header, shown, rest, lang, t, "when" if q.intent == "when" else "said")

    def _choices_on_topic(self, q: Query, detected: str | None) -> None:
        """'What did the mayor say about snow?' of two mayors: the one who spoke of it, when only one
        did (the heading names them in full); all of them still, when several did or none."""
        ids, stems = self.store.entity_ids, stems_for(q.terms, detected)
        topics = {ids[s] for s in q.topics if s in ids}

        def spoke_of(slug: str) -> bool:
            said = [f.id for f in self.store.facts_by_speakers([ids[slug]])]
            return bool((stems and set(said) & set(self.store.search(stems, among=said))) or (
                topics and any(topics & found for found in self.store.mentions_of(said).values())))
        spoke = [slug for slug in q.choices if slug in ids and spoke_of(slug)]
        if len(spoke) == 1:
            q.persons, q.choices = spoke, []

    def _choices_of_owner(self, q: Query) -> None:
        """'el abogado de Pixora' of two lawyers: the one named in an article that names Pixora (its
        lawyer was 'El abogado de la empresa'), when only one is."""
        ids = self.store.entity_ids
        owners = [ids[s] for s in q.owners if s in ids]
        articles = {f.article_id for o in owners for f in self.store.facts_mentioning(o)} | {
            f.article_id for f in self.store.facts_by_speakers(owners)}
        there = [slug for slug in q.choices if slug in ids and any(
            f.article_id in articles for f in self.store.facts_by_speakers([ids[slug]]))]
        if len(there) == 1:
            q.persons, q.choices = there, []

    def _choices_in_story(self, q: Query, conv: Conversation) -> None:
        """'and the mayor?' after a fact from Brennport: of several mayors, the one who speaks in the
        articles just shown, when only one does."""
        ids = self.store.entity_ids
        articles = {f.article_id for f in self.store.facts_by_ids(conv.shown)}
        here = [slug for slug in q.choices if slug in ids and any(
            f.article_id in articles for f in self.store.facts_by_speakers([ids[slug]]))]
        if len(here) == 1:
            q.persons, q.choices = here, []

    def _unnamed_speaker(self, q: Query, lang: str, t: Translator, conv: Conversation) -> Reply | None:
        """'What did the governor's aide say?' of someone the articles describe but never name ('An
        aide to the governor said…'): the facts whose unnamed speaker's description holds every word
        asked, a role noun among them, headed by the article's own description."""
        asked = [w.removesuffix("'s") for w in words(q.unknown) if not is_stopword(w)]
        if len(asked) < 2 or not any(w in ROLE_NOUNS for w in asked):
            return None
        stems = stems_for(asked, lang)
        hits = self.store.search(stems)
        found = [f for f in self.store.facts_by_ids([i for i, n in hits.items() if n >= len(stems)][:200])
                 if f.speaker_id is None and f.speaker_name and set(asked) <= set(words(f.speaker_name))]
        if not found:
            return None
        found.sort(key=lambda f: (f.lang != lang, -f.article_id, f.position))
        shown, rest = found[:MAX_FACTS], [f.id for f in found[MAX_FACTS:MAX_PENDING]]
        conv.shown, conv.pending = [f.id for f in shown], rest
        name = shown[0].speaker_name
        if words(name)[0] in DETERMINERS:
            name = name[0].lower() + name[1:]  # 'What an aide to the governor said:'
        return self._facts_text(t("What {name} said:", name=name), shown, rest, lang, t, "said")

    def _choose(self, q: Query, lang: str, t: Translator, conv: Conversation) -> Reply:
        """A name several people share: ask which one, most quoted first."""
        ents = self.store.index.entities
        counts = self.store.speaker_counts(q.choices)
        ordered = sorted(q.choices, key=lambda slug: (-counts.get(slug, 0), ents[slug].name))
        s, e = q.choice_span
        lines = [t("Several people called {name} are in my sources. Which one do you mean?", name=q.text[s:e])]
        for n, slug in enumerate(ordered, 1):
            role = ents[slug].role.get(lang) or ents[slug].role.get("en")
            lines.append(f"{n}. {ents[slug].name}" + (f" ({role})" if role else ""))
        lines.append(t("Answer with the number or the full name."))
        conv.choosing, conv.choosing_text, conv.choosing_span = ordered, q.text, (s, e)
        names = [ents[slug].name for slug in ordered]
        return Reply("\n".join(lines), lang, "choose", suggestions=names, choices=names)

    def _picked(self, text: str, choices: list[str]) -> str | None:
        """Which of the offered people a reply picks: its number, or words of one name only."""
        text = text.strip().rstrip(".")
        if text.isdigit():
            n = int(text)
            return choices[n - 1] if 1 <= n <= len(choices) else None
        words = set(alias_key(text))
        named = [slug for slug in choices if words and words <= set(alias_key(self.store.index.entities[slug].name))]
        return named[0] if len(named) == 1 else None

    def _pronoun_persons(self, gender: str, conv: Conversation) -> list[str]:
        for slug in conv.last_persons:
            ent = self.store.index.entities.get(slug)
            if ent and (not gender or not ent.gender or ent.gender == gender):
                return [slug]
        return []  # 'and him?' after only women were named: no one, rather than the wrong person

    # -- retrieval -------------------------------------------------------------------------------

    def rank(self, q: Query, lang: str, detected: str | None) -> list[tuple[float, Fact]]:
        ids = self.store.entity_ids
        person_ids = [ids[s] for s in q.persons if s in ids]
        topic_ids = [ids[s] for s in q.topics if s in ids]
        facts: dict[int, Fact] = {}
        score: dict[int, float] = {}
        spoken: set[int] = set()

        def add(f: Fact, points: float) -> None:
            facts[f.id] = f
            score[f.id] = score.get(f.id, 0.0) + points

        for f in self.store.facts_by_speakers(person_ids):
            add(f, 10)
            spoken.add(f.id)
        for pid in person_ids:
            for f in self.store.facts_mentioning(pid):
                if f.id not in spoken:
                    add(f, 3)
        topic_hits: dict[int, int] = {}
        for tid in topic_ids:
            for f in self.store.facts_mentioning(tid):
                add(f, 4)
                topic_hits[f.id] = topic_hits.get(f.id, 0) + 1
        stems = stems_for(q.terms, detected)
        # the candidates found so far are searched whole: X's facts about a common word are not lost
        # behind the word's best-ranked matches in the whole base
        hits = self.store.search(stems, among=list(facts))
        missing = [i for i in hits if i not in facts]
        for f in self.store.facts_by_ids(missing[:400]):
            facts[f.id] = f
        for fid, n in hits.items():
            if fid in facts:
                score[fid] = score.get(fid, 0.0) + 2.5 * n
        if not person_ids and not topic_ids:
            need = max(1, math.ceil(len(stems) / 2))
            for fid in list(score):
                if hits.get(fid, 0) < need:
                    del score[fid]
        if person_ids and q.intent in ("said", "proposed", "when"):
            if any(fid in spoken for fid in score):
                for fid in list(score):
                    if fid not in spoken:
                        del score[fid]
        if topic_ids and (person_ids or stems) and q.intent in ("said", "proposed", "yesno", "search", "why"):
            # "what did X say about Y": facts on Y first
            for fid in score:
                if topic_hits.get(fid):
                    score[fid] += 3
        for fid in score:
            f = facts[fid]
            bonus = 0.0
            if q.intent == "said":
                bonus += 3 if f.quote else 0
                bonus += {"quote": 2, "position": 1.5, "statement": 1}.get(f.kind, 0)
            elif q.intent == "proposed":
                bonus += {"proposal": 6, "statement": 1}.get(f.kind, 0)
            elif q.intent == "yesno":
                bonus += {"position": 4, "statement": 1}.get(f.kind, 0)
            elif q.intent == "why":
                bonus += {"context": 3, "statement": 2}.get(f.kind, 0)
            else:
                bonus += {"quote": 1.5, "position": 1.5, "proposal": 1}.get(f.kind, 0)
            score[fid] += bonus - f.position * 0.01
        ranked = sorted(((s, facts[fid]) for fid, s in score.items()), key=lambda x: (-x[0], x[1].id))
        if q.dates:
            ranked = [(s, f) for s, f in ranked if on_days(f.date, q.dates)]
        if q.about and person_ids and q.intent in ("said", "proposed", "when"):
            # "What X said about T": only X's facts about T, or none (the heading must hold)
            on_topic = set(topic_hits) | {fid for fid, n in hits.items() if n}
            ranked = [(s, f) for s, f in ranked if f.id in spoken and f.id in on_topic]
        return ranked

    def _facts_reply(self, q: Query, lang: str, detected: str | None, t: Translator, conv: Conversation) -> Reply:
        ranked = self.rank(q, lang, detected)
        if not ranked and q.about and q.persons:
            # nothing by X on T: say so, then what X did say
            broad = Query(q.intent, q.text, persons=list(q.persons))
            said = self._facts_reply(broad, lang, detected, t, conv)
            if said.answered:
                names = self._names(q.persons, lang)
                said.text = t("I have nothing from {name} about {topic}.", name=names,
                              topic=self._about_text(q, lang)) + "\n" + said.text
            return said
        if not ranked and q.dates:
            return Reply(t("I have nothing from those days in my sources.") + "\n" + self._offer(t), lang, q.intent,
                         suggestions=self.examples(t))
        if not ranked and q.persons:
            name = self._names(q.persons, lang)
            return Reply(t("I have nothing from {name} in my sources.", name=name) + "\n" + self._offer(t),
                         lang, q.intent, suggestions=self.examples(t))
        if not ranked:
            return self._nothing(q, lang, t)
        ids = self.store.entity_ids
        if q.persons and q.intent in ("said", "proposed") and not any(
                f.speaker_id in {ids.get(s) for s in q.persons} for _, f in ranked):
            # nothing they said, only facts about them: never shown under their name
            name = self._names(q.persons, lang)
            return Reply(t("I have nothing from {name} in my sources.", name=name) + "\n" +
                         t("Write just “{name}” for what my sources report on them.", name=name),
                         lang, q.intent, suggestions=self.examples(t))
        same = [f for s, f in ranked if f.lang == lang]
        other = [f for s, f in ranked if f.lang != lang]
        best = ranked[0][0]
        # facts in the reply's language, unless only the other language has good ones
        if same and max(s for s, f in ranked if f.lang == lang) >= best * 0.6:
            chosen, foreign = same, False
        else:
            chosen, foreign = other, True
        chosen, credits = one_per_statement(chosen)
        shown, rest = chosen[:MAX_FACTS], [f.id for f in chosen[MAX_FACTS:MAX_PENDING]]
        room = MAX_PENDING - len(chosen)
        if not foreign and room > 0:
            # after the reply's language, "more" goes on to what only the other one has: not a
            # translated edition's facts, which render words the reply's language already holds
            extra = [f for f in other if not f.quotes_translated][:room]
            rest += [f.id for f in one_per_statement(extra)[0]]
        conv.pending, conv.shown = rest, [f.id for f in shown]
        if q.intent == "yesno":
            shown, header = self._yes_no_lead(q, shown, lang, t)
            conv.shown = [f.id for f in shown]
        else:
            header = self._header(q, t)
        if foreign:
            header += " " + only_in_note(t, shown[0].lang)
        return self._facts_text(header, shown, rest, lang, t, q.intent, credits)

    def _names(self, slugs: list[str], lang: str) -> str:
        """'Dana Whitfield and Cole Whitfield': the entities' names as a list in that language."""
        return format_list([self.store.index.entities[s].name for s in slugs], lang)

    def _header(self, q: Query, t: Translator) -> str:
        name = self._names(q.persons, t.lang) if q.persons else None
        topic = (self._about_text(q, t.lang) or None) if q.topics or q.about else None
        several = len(q.persons) > 1  # 'Lo que dijeron Ferrer y Herrera': the verb agrees in Spanish
        if q.intent == "said" and name and several:
            return t("What {names} said about {topic}:", names=name, topic=topic) if topic and q.about else \
                t("What {names} said:", names=name)
        if q.intent == "said" and name:
            return t("What {name} said about {topic}:", name=name, topic=topic) if topic and q.about else \
                t("What {name} said:", name=name)
        if q.intent == "proposed" and name:
            return t("What {names} proposed:", names=name) if several else t("What {name} proposed:", name=name)
        if q.intent == "why":
            return t("The background, from my sources:")
        if q.intent == "when":
            return t("When, from my sources:")
        if q.intent == "yesno":
            return t("Here is what my sources report:")
        if name or topic:
            return t("What my sources report on {topic}:", topic=name or topic)
        return t("Here is what my sources report:")

    def _yes_no_lead(self, q: Query, shown: list[Fact], lang: str, t: Translator) -> tuple[list[Fact], str]:
        """A yes/no question's answer leads with its gist and the fact that gives it, when one of the
        facts shown gives one; else the reply says so, and shows what the sources do report."""
        asked = asked_stems(words(q.text), q.terms, lang)
        for n, f in enumerate(shown):
            answer = gist(asked, f, lang)
            if answer == "yes":  # only a fact with a speaker says a plain yes
                return [f, *shown[:n], *shown[n + 1:]], t("Yes, according to {name}:", name=f.speaker_name)
            if answer == "no":
                # the gist is the speaker's when the fact has one: their claim, not the sources' own
                lead = t("No, according to {name}:", name=f.speaker_name) if f.speaker_name else \
                    t("No, according to my sources:")
                return [f, *shown[:n], *shown[n + 1:]], lead
        return shown, t("My sources give no yes or no to that. Here is what they report:")

    def _about_text(self, q: Query, lang: str) -> str:
        """What a question asks about, for a heading: its topics' names, else the words it used."""
        if q.topics:
            return format_list([q.named_as.get(s) or self._topic_name(s, lang) for s in q.topics], lang)
        return " ".join(q.terms)

    def _topic_name(self, slug: str, lang: str) -> str:
        ent = self.store.index.entities[slug]
        if lang == "es":
            for alias, alang in ent.aliases.items():
                if alang == "es" and alias[:1].isalpha():
                    return alias
        return ent.name

    def _facts_text(self, header: str, shown: list[Fact], rest: list[int], lang: str, t: Translator,
                    intent: str, credits: dict[int, list[str]] | None = None) -> Reply:
        lines = [header]
        if intent == "when":  # a timeline: the dates in the order they happened
            shown = sorted(shown, key=lambda f: (f.date or "9999", f.article_id, f.position))
        for f in shown:
            line = fact_line(f, t, (credits or {}).get(f.id))
            if intent == "when" and f.date:  # 'when' is answered by the fact's date
                line = f"• {format_date(dt.date.fromisoformat(f.date), lang)}: {line[2:]}"
            lines.append(line)
        if rest:
            lines.append(t.n("Say “more” for one more fact.", "Say “more” for {n} more facts.", len(rest)))
        return Reply("\n".join(lines), lang, intent, [fact_ref(f) for f in shown], True,
                     suggestions=[t("more")] if rest else [])

    def _who(self, q: Query, lang: str, t: Translator, conv: Conversation) -> Reply:
        slug = q.persons[0]
        ent_id = self.store.entity_ids.get(slug)
        row = self.store.entity(ent_id) if ent_id else None
        if row is None:
            return self._nothing(q, lang, t)
        role = row.get(f"role_{lang}") or row.get("role_en")
        lines = [t("{name} is {role}.", name=row["name"], role=role) if role else row["name"]]
        said = list(self.store.facts_by_speakers([ent_id]))  # a copy: store results are shared
        said.sort(key=lambda f: (f.lang != lang, not f.quote, KIND_RANK.get(f.kind, 9), f.position))
        shown = [f for f in said if f.lang == said[0].lang][:2] if said else []
        if shown:
            lines.append(t("What {name} said:", name=row["name"]))
            lines.extend(fact_line(f, t) for f in shown)
        conv.shown, conv.pending = [f.id for f in shown], []
        return Reply("\n".join(lines), lang, "who", [fact_ref(f) for f in shown], answered=True)

    def _more(self, lang: str, t: Translator, conv: Conversation) -> Reply:
        if not conv.pending:
            return Reply(t("There is nothing more on this. Ask me something else."), lang, "more")
        facts = self.store.facts_by_ids(conv.pending)
        if not facts:  # pruned since
            conv.pending = []
            return Reply(t("There is nothing more on this. Ask me something else."), lang, "more")
        # a page in one language: the reply's facts first, then those only the other language has
        cut = next((n for n, f in enumerate(facts[:MAX_FACTS]) if f.lang != facts[0].lang), MAX_FACTS)
        shown, rest = facts[:cut], [f.id for f in facts[cut:]]
        conv.pending, conv.shown = rest, [f.id for f in shown]
        header = t("More from my sources:")
        if shown[0].lang != lang:
            header += " " + only_in_note(t, shown[0].lang)
        return self._facts_text(header, shown, rest, lang, t, "more")

    def shown_sources(self, message: Message, conv: Conversation) -> Reply:
        """The outlets behind the facts last shown (the "sources" button)."""
        lang = conv.last_lang or pick_language(conv.explicit_lang, None, message.language_code)
        return self._sources(lang, Translator(lang), conv.shown)

    def in_language(self, lang: str, message: Message, conv: Conversation) -> Reply:
        """The last question answered again in the given language (the "other language" button)."""
        if not conv.last_text:
            return self.command("help", [], message, conv)
        saved = conv.explicit_lang
        conv.explicit_lang = lang
        try:
            return self.reply(Message(conv.last_text, message.user_id, message.language_code), conv)
        finally:
            conv.explicit_lang = saved

    # -- facts without a conversation (inline mode) ------------------------------------------------

    def ranked_facts(self, text: str, language_code: str | None = None, explicit_lang: str | None = None,
                     limit: int = 10) -> tuple[str, list[Fact], dict[int, list[str]]]:
        """The facts a query is about, best first, for a channel that shows them one by one (no
        conversation, no heading): the reply's language, the facts (those in that language first,
        one per statement) and the outlets of facts several reported. A surname several people share
        gives each one's facts: every fact names its speaker, so nothing is put under the wrong name."""
        self.store.refresh()
        detected = detect_language(text)
        lang = pick_language(explicit_lang, detected, language_code)
        q = self.understanding.parse(text, detected or lang)
        if q.intent == "empty" or self.store.is_empty():
            return lang, [], {}
        if q.choices and not q.persons:
            q.persons = list(q.choices)
        if q.intent not in ("said", "proposed", "why", "when", "yesno", "search", "topic"):
            q.intent = "said" if q.persons else "search"
        ranked = self.rank(q, lang, detected)
        ordered = [f for _, f in sorted(ranked, key=lambda x: (x[1].lang != lang, -x[0], x[1].id))]
        chosen, credits = one_per_statement(ordered)
        return lang, chosen[:limit], credits

    def newest_stories(self, lang: str, limit: int = 5, per_story: int = 2) -> list[tuple[str, list[Fact]]]:
        """The newest stories as (title, their most telling facts), in that language where a story
        has it, newest first: the stories "what's new?" lists."""
        self.store.refresh()
        out = []
        for story in self.store.newest_stories(limit):
            facts = self.store.story_facts(story.id)
            use = story_language(facts, lang)
            mine = [f for f in facts if f.lang == use]
            title, _ = story.title_in(lang)
            out.append((title or "", top_facts([f for f in mine if f.kind != "context"] or mine, per_story)))
        return out

    def _about(self, lang: str, t: Translator) -> Reply:
        from bot import __version__

        row = self.store.db.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM facts), "
                                    "(SELECT count(*) FROM outlets)").fetchone()
        text = t("newsbot {version}: answers only from stored news articles, quoting them exactly and naming "
                 "the outlet.", version=__version__) + "\n" + \
            t("I hold {articles} articles, {facts} facts and {outlets} outlets.", articles=row[0], facts=row[1],
              outlets=row[2])
        return Reply(text, lang, "about", answered=True)

    def _sources(self, lang: str, t: Translator, fact_ids: list[int]) -> Reply:
        outlets = self.store.outlets(fact_ids or None)
        if not outlets:
            return Reply(t("My fact base is empty: no articles have been ingested yet."), lang, "sources")
        names = [name for name, n in outlets]
        if fact_ids:
            text = t("Those facts come from: {outlets}.", outlets=format_list(names, lang))
            cited = self._cited(fact_ids)
            if cited:  # the outlet published it; the article says where it came from
                text += " " + t("They cite {names}.", names=format_list(cited, lang))
        else:
            parts = [t.n("{outlet} (one fact)", "{outlet} ({n} facts)", n, outlet=name) for name, n in outlets]
            text = t("My sources: {outlets}.", outlets=format_list(parts, lang))
        return Reply(text, lang, "sources", answered=True)

    def _cited(self, fact_ids: list[int]) -> list[str]:
        """The organizations the facts are credited to ('The Kestland Business Journal reported…'), in
        order: who the outlets say it came from."""
        ents, slugs = self.store.index.entities, self.store.entity_slugs
        return list(dict.fromkeys(
            f.speaker_name for f in self.store.facts_by_ids(fact_ids)
            if getattr(ents.get(slugs.get(f.speaker_id)), "kind", None) == "organization"))

    def _summary(self, lang: str, t: Translator, conv: Conversation, q: Query | None = None) -> Reply:
        """The summary of the story a request names ('summary of the Venezuela story'), else of the
        latest story: its most telling facts, with the outlets that covered it."""
        if self.store.is_empty():
            return Reply(t("My fact base is empty: no articles have been ingested yet."), lang, "summary")
        slugs = [*q.persons, *q.topics] if q else []
        terms = [w for w in q.terms if w not in STORY_NOUNS] if q else []
        if slugs or terms:
            story = self.store.find_story(slugs, terms)
            if story is None:
                asked = format_list([q.named_as.get(s) or self._topic_name(s, lang) for s in slugs] + terms, lang)
                return Reply(t("I have no story on {topic} in my sources.", topic=asked) + "\n" + self._offer(t),
                             lang, "summary", suggestions=self.examples(t))
        else:
            story = self.store.latest_story()
        if story is None:
            return Reply(t("My fact base is empty: no articles have been ingested yet."), lang, "summary")
        facts = self.store.story_facts(story.id)
        use = story_language(facts, lang)
        picked = summary_facts([f for f in facts if f.lang == use])
        title, _ = story.title_in(use)
        when = format_date(dt.date.fromisoformat(story.last_date), lang) if story.last_date else ""
        header = t("Summary of “{title}” ({date}):", title=title, date=when) if when else \
            t("Summary of “{title}”:", title=title)
        if use != lang:
            header += " " + only_in_note(t, use)
        if story.outlets:
            header += "\n" + covered_by(story.outlets, t)
        shown, rest = picked[:4], [f.id for f in picked[4:MAX_PENDING]]
        conv.shown, conv.pending = [f.id for f in shown], rest
        return self._facts_text(header, shown, rest, lang, t, "summary")

    def _news(self, q: Query | None, lang: str, t: Translator, conv: Conversation) -> Reply:
        """'What's new?': the newest stories, each with its title in the reply's language (else the
        other's, marked) and how many outlets covered it; those of the days asked about, if any."""
        stories = self.store.newest_stories(NEWS_STORIES, q.dates) if q and q.dates and len(q.dates[0]) == 10 else []
        stories = stories or self.store.newest_stories(NEWS_STORIES)
        if not stories:
            return Reply(t("My fact base is empty: no articles have been ingested yet."), lang, "news")
        lines = [t("The latest stories in my sources:")]
        for story in stories:
            title, title_lang = story.title_in(lang)
            note = " " + title_only_in(t, title_lang) if title_lang != lang else ""
            when = f" ({format_date(dt.date.fromisoformat(story.last_date), lang)})" if story.last_date else ""
            count = t.n("one outlet", "{n} outlets", len(story.outlets) or 1)
            lines.append(f"• {title}{note}{when} — {count}")
        words = [self._story_words(s, lang) for s in stories[:3]]  # each reads the story's topics
        lines.append(t("Ask for the summary of any of them: “summary of {words}”.", words=words[0]))
        conv.shown, conv.pending = [], []
        return Reply("\n".join(lines), lang, "news", answered=True,
                     suggestions=[t("summary of {words}", words=w) for w in words])

    def _story_words(self, story, lang: str) -> str:
        """A few words that name a story: the name it gives most often, else its title's first words."""
        ents = self.store.index.entities
        for slug in self.store.story_topics(story.id):
            if slug in ents:
                return ents[slug].name if ents[slug].kind in ("person", "organization") else self._topic_name(slug, lang)
        return " ".join(story.title_in(lang)[0].split()[:4])

    # -- small talk ------------------------------------------------------------------------------

    def _nothing(self, q: Query, lang: str, t: Translator) -> Reply:
        return Reply(t("I have nothing on that in my sources.") + "\n" + self._offer(t), lang, q.intent,
                     suggestions=self.examples(t))

    def _offer(self, t: Translator) -> str:
        titles = self.store.story_titles(t.lang)
        if not titles and self.store.is_empty():
            return t("My fact base is empty: no articles have been ingested yet.")
        if not titles:  # every story is in the other language: no headlines in it here
            note = (t("My stories are only in Spanish so far.") if t.lang == "en"
                    else t("My stories are only in English so far."))
            return note + " " + t("Try: {examples}", examples=" · ".join(self.examples(t)))
        stories = format_list([f"“{x}”" for x in titles], t.lang)
        return t("I can tell you about {stories}. Try: {examples}", stories=stories,
                 examples=" · ".join(self.examples(t)))

    def examples(self, t: Translator) -> list[str]:
        people = self.store.top_people(2) if not self.store.is_empty() else []
        out = []
        if people:
            out.append(t("What did {name} say?", name=self._short_name(people[0])))
        if len(people) > 1:
            out.append(t("What did {name} propose?", name=self._short_name(people[1])))
        out.append(t("Which sources reported this?"))
        return out

    def _short_name(self, name: str) -> str:
        """The surname when it names one person only, else the full name: an example that would ask
        'which one?' is no example."""
        surname = name.split()[-1]
        return surname if len(self.store.index.lookup(surname)) <= 1 else name

    def _help(self, t: Translator, message: Message | None = None) -> str:
        """The one help text: what the bot does, the channel's commands, and what it can tell about."""
        lines = intro_lines(t)
        commands = self.command_menu(message) if self.command_menu else []
        if commands:
            lines += ["", *(f"/{name} — {t(description)}" for name, description in commands), ""]
        return "\n".join([*lines, self._offer(t)])


def intro_lines(t: Translator) -> list[str]:
    """What the bot does, as help opens on every channel."""
    return [t("I answer questions about the news from stored articles, quoting exactly and naming the outlet."),
            t("Ask in English or Spanish: who said what, what someone proposed, why, or a topic alone."),
            t("Follow-ups work: “and Trump?”, “more”, “who reported that?”.")]


def only_in_note(t: Translator, fact_lang: str) -> str:
    """Said when the facts shown are in the other language than the reply."""
    return (t("(these facts are only available in English)") if fact_lang == "en"
            else t("(these facts are only available in Spanish)"))


def story_language(facts: Sequence[Fact], lang: str) -> str:
    """The language a story is told in for a reply in `lang`: that one when its facts have it,
    else the other one they are in."""
    langs = {f.lang for f in facts}
    return lang if lang in langs or not langs else sorted(langs)[0]


def said_text(f: Fact, t: Translator) -> str:
    """What a fact says, for a channel that shows it apart from its article: the quote in marks,
    else the sentence; a translated quote says so."""
    said = f"“{f.quote}”" if f.quote else f.text
    return said + " " + t("(quote translated)") if f.quote and f.quotes_translated else said


def fact_line(f: Fact, t: Translator, outlets: list[str] | None = None) -> str:
    """One fact as a line: its text, verbatim, and every outlet that reported it. A fact whose text
    does not name its speaker ('“Es nuestra última palabra”, aseguró.', '“…,” she said.') is led by
    the speaker's name, so no line reads as the words of the one above it."""
    note = " " + t("(quote translated)") if f.quote and f.quotes_translated else ""
    lead = f"{f.speaker_name}: " if f.speaker_name and not names_its_speaker(f) else ""
    return f"• {lead}{f.text}{note} — {credit_line(outlets or f.outlets, t)}"


def names_its_speaker(f: Fact) -> bool:
    """Does the fact's text name its speaker: a word of their name, or of the description given
    ('Marta Quiroga', 'la presidenta del sindicato')?"""
    name = {w for w in words(f.speaker_name or "") if len(w) > 2 and not is_stopword(w)}
    return bool(name & set(words(f.text)))


def covered_by(outlets: Sequence[str], t: Translator) -> str:
    """'Covered by Reuters, AP and 2 more.'"""
    return t("Covered by {outlets}.", outlets=credit_line(list(outlets), t))


def title_only_in(t: Translator, title_lang: str) -> str:
    """Said after a story's title given in the other language than the reply."""
    return t("(in English only)") if title_lang == "en" else t("(in Spanish only)")


def on_days(date: str | None, days: tuple[str, str]) -> bool:
    """Is a fact's date within (first, last)? 'MM-DD' bounds mean that day of any year."""
    if not date:
        return False
    first, last = days
    if len(first) == 5:
        return first <= date[5:10] <= last
    return first <= date[:10] <= last


def credit_line(outlets: list[str], t: Translator) -> str:
    """'Reuters', 'Reuters and AP', 'Reuters, AP and 2 more'."""
    if len(outlets) <= 3:
        return format_list(outlets, t.lang)
    return t.n("{outlets} and one more", "{outlets} and {n} more", len(outlets) - 2, outlets=", ".join(outlets[:2]))


def one_per_statement(facts: list[Fact]) -> tuple[list[Fact], dict[int, list[str]]]:
    """The same quote (or sentence) reported by several outlets is one fact, credited to each of
    them: the facts in order with repeats left out, and the outlets of each kept fact (those the
    fact base credits it to, then those of the repeats)."""
    kept: dict[tuple, Fact] = {}
    credits: dict[int, list[str]] = {}
    for f in facts:
        key = (f.speaker_name, " ".join(words(f.quote))) if f.quote else (None, " ".join(words(f.text)))
        first = kept.setdefault(key, f)
        outlets = credits.setdefault(first.id, [])
        for name in f.outlets:
            if name not in outlets:
                outlets.append(name)
    return list(kept.values()), {i: o for i, o in credits.items() if len(o) > 1}


def fact_ref(f: Fact) -> FactRef:
    return FactRef(f.id, f.speaker_name, f.text, f.outlet)


def top_facts(facts: list[Fact], n: int) -> list[Fact]:
    """The n most telling facts (quotes first, then positions, proposals…), in article order."""
    best = sorted(facts, key=lambda f: (KIND_RANK.get(f.kind, 9), f.position))[:n]
    return sorted(best, key=lambda f: (f.article_id, f.position))


def summary_facts(facts: list[Fact]) -> list[Fact]:
    """The most telling facts of a story: attributed ones first, one per sentence, in article order."""
    picked = top_facts([f for f in facts if f.kind != "context"], 6)
    return picked + [f for f in facts if f.kind == "context" and f not in picked][:6]
