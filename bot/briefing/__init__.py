"""Daily summaries: subscriptions, digests composed per subscriber, and their delivery."""
