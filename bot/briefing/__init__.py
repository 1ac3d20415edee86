"""Daily summaries without a channel: subscriptions, digests composed per subscriber, and who is due one when."""
