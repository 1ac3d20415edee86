"""Ingest: article files in, attributed facts out, stored all-or-nothing."""
