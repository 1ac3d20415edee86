"""The fact base: one SQLite file holding outlets, stories, articles, entities, facts and users."""

from bot.factbase.schema import open_db

__all__ = ["open_db"]
