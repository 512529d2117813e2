"""Changing the data files: edit commands, task-line splicing, fmt, atomic writes, import."""
