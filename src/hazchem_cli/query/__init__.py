"""Questions asked of the loaded lists: judging, selecting, tallying, briefing data."""
