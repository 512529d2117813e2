"""Judging, selecting and tallying tasks: the answers to the everyday questions."""
