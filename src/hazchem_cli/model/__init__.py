"""The data model: documents, dates, levels, the agency registry and the sheet layout."""
