"""Changing the data files: edit commands, task lines, fmt, atomic writes, import."""
