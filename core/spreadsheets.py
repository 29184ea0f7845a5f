"""Cells safe to open in a spreadsheet: text that would run as a formula is kept as text."""

# A cell starting with one of these is read by Excel, LibreOffice and Google Sheets as a formula.
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text that a spreadsheet would read as a formula, made plain text; anything else as it is."""
    if isinstance(value, str) and value.startswith(DANGEROUS_STARTS):
        return "'" + value
    return value
