"""Showing answers: sections and every renderer (text, JSON, CSV, Markdown, HTML, SVG, ics)."""
