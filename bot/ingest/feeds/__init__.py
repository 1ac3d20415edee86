"""Feeds: fetching (fetch.py), reading items (items.py), article text from pages (pages.py), OPML
lists (opml.py) and one poll pass over the feeds that are due (poll.py)."""
