"""Questions asked of loaded lists: judging on a day, selecting, counting, the briefing's data."""
