"""Finding, reading, parsing, validating and caching the data files: one loader for all."""
