"""hazchem: a hazardous-chemicals governance task list kept as plain YAML files."""

from hazchem_cli.version import __version__

__all__ = ["__version__"]
