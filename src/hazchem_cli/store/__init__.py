"""Finding, reading, parsing, validating and caching the data files."""
