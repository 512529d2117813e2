"""Changing files: edit commands, fmt, import, and writing safely."""
