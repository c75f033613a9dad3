"""Helpers shared by tests: builders of valid commands and a real HTTP server in a thread."""
