"""Changing the task file: edit commands, task-line splicing, formatting, importers."""
