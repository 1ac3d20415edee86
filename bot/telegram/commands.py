"""The one table of bot commands: it feeds the handlers, /help and the command menus."""

from __future__ import annotations

from dataclasses import dataclass


def N_(msgid: str) -> str:
    """Marks a string for the catalogs; translated where it is shown."""
    return msgid


@dataclass(frozen=True)
class BotCommandSpec:
    name: str
    description: str  # msgid
    admin: bool = False


COMMANDS: list[BotCommandSpec] = [
    BotCommandSpec("start", N_("What I do, with example questions")),
    BotCommandSpec("help", N_("How to ask me things")),
    BotCommandSpec("ask", N_("Ask a question: /ask what did Sheinbaum say?")),
    BotCommandSpec("summary", N_("A summary of the latest story")),
    BotCommandSpec("sources", N_("The outlets my facts come from")),
    BotCommandSpec("lang", N_("Choose English or Spanish")),
    BotCommandSpec("subscribe", N_("A daily summary at your time: /subscribe 08:00")),
    BotCommandSpec("unsubscribe", N_("Stop the daily summary")),
    BotCommandSpec("timezone", N_("Set your time zone: /timezone America/Mexico_City")),
    BotCommandSpec("about", N_("About this bot")),
    BotCommandSpec("stats", N_("Numbers about the bot (admins)"), admin=True),
]
