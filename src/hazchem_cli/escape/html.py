"""Data text inside HTML and SVG: shown as written, never as markup or script."""

import html

from hazchem_cli.escape.terminal import visible


def text(value: str) -> str:
    """``value`` as HTML text or an attribute value (quotes escaped too)."""
    return html.escape(visible(value), quote=True)
