"""The data model: pydantic documents, the date grammar, rules that need no files."""
