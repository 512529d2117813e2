"""Sections and every renderer: text, JSON, CSV, Markdown, HTML, workbooks, notices."""
