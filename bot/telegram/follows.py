"""Following on Telegram: /follow, /following, /unfollow and their buttons (a person picked among
those who share a surname, words confirmed as a topic, "stop following", "more on this")."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.briefing.follows import (
    SPEAKER_KINDS, FollowTarget, add_follow, entity_target, find_follow, get_follow, keyword_target, list_follows,
    remove_follow, resolve,
)
from bot.conversation import Message
from bot.i18n import Translator
from bot.telegram.buttons import ALERT_MORE, FOLLOW, UNFOLLOW, callback_data
from bot.telegram.replies import chat_language, conversation_of, message_of, save_conversation, send_reply, send_text
from bot.telegram.services import NewsContext


def stop_keyboard(follows: list[dict], t: Translator) -> InlineKeyboardMarkup | None:
    rows = [[InlineKeyboardButton(t("Stop following {name}", name=f["label"])[:64],
                                  callback_data=callback_data(UNFOLLOW, str(f["id"])))] for f in follows]
    return InlineKeyboardMarkup(rows) if rows else None


def alert_keyboard(follows: list[tuple[int, str, str]], t: Translator) -> InlineKeyboardMarkup:
    """Under an alert: more on each thing followed that it is about, and a way to stop."""
    rows = []
    for follow_id, _, label in follows[:3]:
        rows.append([InlineKeyboardButton(t("More on {name}", name=label)[:64],
                                          callback_data=callback_data(ALERT_MORE, str(follow_id))),
                     InlineKeyboardButton(t("Stop following"), callback_data=callback_data(UNFOLLOW, str(follow_id)))])
    return InlineKeyboardMarkup(rows)


def choose_keyboard(choices: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    """'Which Whitfield do you want to follow?': (entity id, name with role), most quoted first."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(label[:64], callback_data=callback_data(FOLLOW, f"e:{eid}"))]
                                 for eid, label in choices])


def confirm_keyboard(keyword: FollowTarget, t: Translator) -> InlineKeyboardMarkup:
    """The one button that follows words matching no one as a topic."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(t("Follow “{text}”", text=keyword.label)[:64],
                                                       callback_data=callback_data(FOLLOW, keyword.key))]])


def _done_text(t: Translator, follow: dict, new: bool) -> str:
    if not new:
        return t("You already follow {name}. /following lists what you follow.", name=follow["label"])
    if follow["kind"] in SPEAKER_KINDS:
        text = t("Done: I will tell you when {name} says something new.", name=follow["label"])
    else:
        text = t("Done: I will tell you when there is news on “{topic}”.", topic=follow["label"])
    return text + "\n" + t("/following lists what you follow; /unfollow stops.")


async def _follow(update: Update, context: NewsContext, target: FollowTarget) -> None:
    chat_id = update.effective_chat.id
    lang = chat_language(context, update)
    follow, new = add_follow(context.services.db, chat_id, target, lang, context.thread_for(chat_id))
    await send_text(context, chat_id, _done_text(Translator(lang), follow, new))


async def on_follow(update: Update, context: NewsContext, args: list[str]) -> None:
    """/follow Sheinbaum, /follow aranceles: a person, an organization, a place or topic the fact base
    knows, at once; a shared surname asks which person; words that name nothing known are followed
    as a topic only when the user confirms with the button."""
    chat_id = update.effective_chat.id
    t = Translator(chat_language(context, update))
    text = " ".join(args).strip()
    if not text:
        await send_text(context, chat_id, t("Follow a person or a topic, for example: /follow Sheinbaum or "
                                            "/follow aranceles"))
        return
    found = resolve(context.services.core, text)
    if found.target:
        await _follow(update, context, found.target)
        return
    if found.choices:
        ents = context.services.core.store.index.entities
        rows = []
        for c in found.choices:
            role = ents[c.key[2:]].role.get(t.lang) or ents[c.key[2:]].role.get("en")
            rows.append((c.entity_id, f"{c.label} ({role})" if role else c.label))
        await send_text(context, chat_id, t("Several people called {name} are in my sources. Which one do you "
                                            "want to follow?", name=text), choose_keyboard(rows))
        return
    keyword = keyword_target(text)
    if keyword is None:
        reason = t("That is too long to follow: use a few words.") if found.too_long else \
            t("There is nothing to follow in “{text}”.", text=text)
        await send_text(context, chat_id, reason + " " + t("For example: /follow Sheinbaum or /follow aranceles"))
        return
    ask = t("I know no one called “{name}” in my sources.", name=text) if found.person_like else \
        t("I know no one and no topic called “{text}” in my sources.", text=text)
    ask += " " + t("Follow it as words? You will get an alert when a new fact contains them.")
    await send_text(context, chat_id, ask, confirm_keyboard(keyword, t))


async def on_follow_button(update: Update, context: NewsContext, args: list[str]) -> None:
    """fol:e:<entity id> (a person picked) or fol:k:<words> (words confirmed as a topic)."""
    chat_id = update.effective_chat.id
    t = Translator(chat_language(context, update))
    kind, _, value = (args[0] if args else "").partition(":")
    target = None
    core = context.services.core
    if kind == "e" and value.isdigit():
        core.store.refresh()
        slug = core.store.entity_slugs.get(int(value))
        if slug in core.store.index.entities:
            target = entity_target(core, slug)
    elif kind == "k":
        target = keyword_target(value)
    if target is None:
        await send_text(context, chat_id, t("That choice is no longer available. Try /follow again."))
        return
    await _follow(update, context, target)


async def on_following(update: Update, context: NewsContext, args: list[str]) -> None:
    chat_id = update.effective_chat.id
    t = Translator(chat_language(context, update))
    follows = list_follows(context.services.db, chat_id)
    if not follows:
        await send_text(context, chat_id, t("You follow no one yet. /follow Sheinbaum follows a person, "
                                            "/follow aranceles a topic."))
        return
    lines = [t("You follow:")] + [f"• {f['label']}" for f in follows]
    await send_text(context, chat_id, "\n".join(lines), stop_keyboard(follows, t))


async def on_unfollow(update: Update, context: NewsContext, args: list[str]) -> None:
    """/unfollow Sheinbaum; without a name, the list with a button for each."""
    chat_id = update.effective_chat.id
    t = Translator(chat_language(context, update))
    text = " ".join(args).strip()
    if not text:
        await on_following(update, context, args)
        return
    db = context.services.db
    follow = find_follow(db, chat_id, text)
    if follow is None:
        found = resolve(context.services.core, text)
        key = found.target.key if found.target else None
        follow = next((f for f in list_follows(db, chat_id) if f["key"] == key), None)
    if follow is None:
        await send_text(context, chat_id, t("You do not follow “{text}”. /following lists what you follow.", text=text))
        return
    remove_follow(db, chat_id, follow["id"])
    await send_text(context, chat_id, t("Done: you no longer follow {name}.", name=follow["label"]))


async def on_unfollow_button(update: Update, context: NewsContext, args: list[str]) -> None:
    """unf:<follow id>, under /following and under every alert."""
    chat_id = update.effective_chat.id
    t = Translator(chat_language(context, update))
    removed = remove_follow(context.services.db, chat_id, int(args[0])) if args and args[0].isdigit() else None
    if removed is None:
        await send_text(context, chat_id, t("You do not follow that any more. /following lists what you follow."))
        return
    await send_text(context, chat_id, t("Done: you no longer follow {name}.", name=removed["label"]))


async def on_alert_more(update: Update, context: NewsContext, args: list[str]) -> None:
    """amore:<follow id>: what the fact base has on what was followed, as an answer with its buttons."""
    chat_id, conv = conversation_of(update, context)
    t = Translator(chat_language(context, update))
    follow = get_follow(context.services.db, chat_id, int(args[0])) if args and args[0].isdigit() else None
    if follow is None:
        await send_text(context, chat_id, t("You do not follow that any more. /following lists what you follow."))
        return
    question = t("What did {name} say?", name=follow["label"]) if follow["kind"] in SPEAKER_KINDS else follow["label"]
    message = message_of(update)
    reply = context.services.core.reply(Message(question, message.user_id, message.language_code), conv)
    save_conversation(context, chat_id)
    await send_reply(context, chat_id, reply, conv)
