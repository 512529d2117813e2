"""Reviewing the list's history in git: merging by meaning, a task's own log."""
