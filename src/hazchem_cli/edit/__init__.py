"""Commands that change the data files, and the careful writing they share."""
