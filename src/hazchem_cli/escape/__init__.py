"""Making text safe for each place it is written to."""
