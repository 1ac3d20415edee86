"""The Telegram channel: python-telegram-bot wiring around the answer core."""
