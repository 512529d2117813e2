"""Sections of rows and the renderers that turn them into text, JSON, CSV, Markdown, HTML."""
