"""The words hazchem prints, in Chinese and English."""
