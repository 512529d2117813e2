"""Finding, reading and validating the data files."""
