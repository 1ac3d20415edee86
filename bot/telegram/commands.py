"""The two tables that route updates: every bot command, and every button prefix, each with its
handler. The command table feeds the CommandHandler, /help (through the core, for Telegram and the
terminal chat alike) and the localized command menus."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Awaitable, Callable, Literal, Sequence

from telegram import BotCommand, BotCommandScopeDefault, Update
from telegram.ext import Application

from bot.conversation import Message
from bot.i18n import Translator
from bot.telegram import buttons
from bot.telegram.handlers import (
    choose_language, command_name, core_command, on_example, on_more, on_pick, on_sources, on_start, on_stats,
    on_translate, on_unknown_button,
)
from bot.telegram.feeds import on_feeds
from bot.telegram.follows import (
    on_alert_more, on_follow, on_follow_button, on_following, on_unfollow, on_unfollow_button,
)
from bot.telegram.groups import in_group, may_change_chat
from bot.telegram.replies import chat_language, convenience, send_text
from bot.telegram.services import NewsContext
from bot.telegram.subscriptions import on_subscribe, on_timezone, on_unsubscribe

Handler = Callable[[Update, NewsContext, list[str]], Awaitable[None]]


def N_(msgid: str) -> str:
    """Marks a string for the catalogs; translated where it is shown."""
    return msgid


@dataclass(frozen=True)
class BotCommandSpec:
    name: str
    description: str  # msgid, translated in /help and the menus
    handler: Handler  # called with the command's arguments
    admin: bool = False  # only for NEWSBOT_ADMINS: left out of the menus and of others' /help
    terminal: bool = False  # `newsbot chat` answers it too (through the core); others get a pointer here
    # in a group, changes what the whole group gets: only its administrators may ("args": only when
    # given arguments, since without them it shows the choices; "always")
    group_admins: Literal["", "args", "always"] = ""


COMMANDS: list[BotCommandSpec] = [
    BotCommandSpec("start", N_("What I do, with example questions"), on_start, terminal=True),
    BotCommandSpec("help", N_("How to ask me things"), core_command("help"), terminal=True),
    BotCommandSpec("ask", N_("Ask a question: /ask what did Sheinbaum say?"), core_command("ask", buttons=True),
                   terminal=True),
    BotCommandSpec("news", N_("The newest stories and how many outlets covered each"),
                   core_command("news", buttons=True), terminal=True),
    BotCommandSpec("summary", N_("A summary of the latest story, or of one you name: /summary venezuela"),
                   core_command("summary", buttons=True), terminal=True),
    BotCommandSpec("sources", N_("The outlets my facts come from"), core_command("sources"), terminal=True),
    BotCommandSpec("lang", N_("Choose English or Spanish"), choose_language, terminal=True, group_admins="args"),
    BotCommandSpec("subscribe", N_("A daily summary at your time: /subscribe 08:00"), on_subscribe,
                   group_admins="args"),
    BotCommandSpec("unsubscribe", N_("Stop the daily summary"), on_unsubscribe, group_admins="always"),
    BotCommandSpec("timezone", N_("Set your time zone: /timezone America/Mexico_City"), on_timezone,
                   group_admins="args"),
    BotCommandSpec("follow", N_("Alerts when a person speaks or a topic is in the news: /follow Sheinbaum"),
                   on_follow, group_admins="args"),
    BotCommandSpec("following", N_("What you follow, with a button to stop each"), on_following),
    BotCommandSpec("unfollow", N_("Stop following: /unfollow Sheinbaum"), on_unfollow, group_admins="args"),
    BotCommandSpec("about", N_("About this bot"), core_command("about"), terminal=True),
    BotCommandSpec("stats", N_("Numbers about the bot (admins)"), on_stats, admin=True),
    BotCommandSpec("feeds", N_("The feeds the news comes from: /feeds add URL, /feeds remove URL (admins)"), on_feeds,
                   admin=True),
]
BY_NAME = {c.name: c for c in COMMANDS}

# a button's data is `prefix` or `prefix:value`; the value reaches its handler as the one argument
BUTTONS: dict[str, Handler] = {
    buttons.MORE: on_more,
    buttons.SOURCES: on_sources,
    buttons.TRANSLATE: on_translate,
    buttons.EXAMPLE: on_example,
    buttons.LANGUAGE: choose_language,
    buttons.SUBSCRIBE: on_subscribe,
    buttons.TIMEZONE: on_timezone,
    buttons.PICK: on_pick,
    buttons.FOLLOW: on_follow_button,
    buttons.UNFOLLOW: on_unfollow_button,
    buttons.ALERT_MORE: on_alert_more,
}
# buttons that change what a group gets: in a group, only its administrators' presses count
GROUP_ADMIN_BUTTONS = {buttons.LANGUAGE, buttons.SUBSCRIBE, buttons.TIMEZONE, buttons.FOLLOW, buttons.UNFOLLOW}


def is_admin(context: NewsContext, update: Update) -> bool:
    user = update.effective_user
    settings = context.services.settings
    return bool(settings and user and user.id in settings.admins)


async def on_command(update: Update, context: NewsContext) -> None:
    spec = BY_NAME[command_name(update)]
    args = context.args or []
    if spec.admin and not is_admin(context, update):
        t = Translator(chat_language(context, update))
        await send_text(context, update.effective_chat.id, t("This command is for the bot's admins."))
        return
    if in_group(update) and (spec.group_admins == "always" or (spec.group_admins == "args" and args)) \
            and not await may_change_chat(update, context):
        await _group_admins_only(update, context)
        return
    await spec.handler(update, context, args)


async def _group_admins_only(update: Update, context: NewsContext) -> None:
    t = Translator(chat_language(context, update))
    await send_text(context, update.effective_chat.id, t("Only this group's administrators can change that."))


async def on_button(update: Update, context: NewsContext) -> None:
    query = update.callback_query
    prefix, value = buttons.parse_callback(query.data or "")
    if prefix in GROUP_ADMIN_BUTTONS and in_group(update) and not await may_change_chat(update, context):
        t = Translator(chat_language(context, update))
        # said to the one who pressed, as a notice: the group's chat is not for it
        await convenience(query.answer(t("Only this group's administrators can change that."), show_alert=True),
                          "answerCallbackQuery")
        return
    await convenience(query.answer(), "answerCallbackQuery")
    await BUTTONS.get(prefix, on_unknown_button)(update, context, [value] if value else [])


def help_menu(where: Literal["telegram", "terminal"],
              admins: frozenset[int] = frozenset()) -> Callable[[Message | None], Sequence[tuple[str, str]]]:
    """The commands the core lists in help: (name, description msgid) of those that work `where`,
    admin ones only for admins."""

    def menu(message: Message | None) -> list[tuple[str, str]]:
        admin = message is not None and message.user_id in admins
        return [(c.name, c.description) for c in COMMANDS
                if (where == "telegram" or c.terminal) and (admin or not c.admin)]

    return menu


async def set_command_menus(app: Application) -> None:
    """Localized command menus: English as the default and for English users, Spanish for Spanish ones."""
    for code, lang in ((None, "en"), ("en", "en"), ("es", "es")):
        t = Translator(lang)
        commands = [BotCommand(c.name, t(c.description)[:256]) for c in COMMANDS if not c.admin]
        await convenience(app.bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=code),
                          f"setMyCommands({code or 'default'})")
