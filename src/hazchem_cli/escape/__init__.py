"""One escaping module per target: terminal, Markdown, HTML, CSV. Pure string functions."""
