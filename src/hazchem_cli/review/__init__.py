"""Reviewing a change: files at git revisions and what changed in meaning between two versions."""
