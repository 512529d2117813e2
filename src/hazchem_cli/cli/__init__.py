"""The command line: option parsing and rendering over the library modules."""
