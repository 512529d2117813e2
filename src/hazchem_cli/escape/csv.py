"""Data text inside CSV and spreadsheet cells: never run as a formula."""

#: What makes Excel, WPS or LibreOffice read a cell as a formula (OWASP, CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """Text a spreadsheet would run as a formula, made inert with a leading apostrophe.

    Task text comes from files anyone may edit, and a cell such as
    ``=HYPERLINK("http://…")`` or ``@SUM(…)`` would run when the CSV is opened; OWASP's
    advice is to prefix such cells with a single quote, which spreadsheets hide.
    """
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text
