"""The answer core: a message and a conversation in, a reply built from stored facts out."""
