"""Finding, reading, validating and loading the data files."""
