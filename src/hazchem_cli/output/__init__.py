"""Sections and every renderer: what the commands print."""
