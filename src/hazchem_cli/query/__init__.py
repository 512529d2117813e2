"""Questions asked of the judged list: selections, tallies, reporting rounds."""
