"""hazchem's version, kept apart so low layers (the parse cache key) can read it cheaply."""

__version__ = "0.1.0"
