"""hazchem: a hazardous-chemicals governance task list kept as plain YAML files."""

__version__ = "0.1.0"
