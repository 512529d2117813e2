"""The data model: documents, the date grammar, the rules a task's records follow."""
