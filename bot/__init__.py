"""newsbot: a bilingual news-briefing bot answering from a stored fact base."""

__version__ = "0.1.0"
