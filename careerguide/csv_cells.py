"""CSV cells that a spreadsheet cannot run as formulas, and the way back for files read in again.

A spreadsheet runs a cell starting with `=`, `+`, `-`, `@`, tab or carriage return as a formula
(`=HYPERLINK(...)` leaks data or opens a site). Every CSV the portal writes (the API's `?format=csv`,
the admin's "Export CSV", `export_salaries`) writes its cells with `csv_cell()`, which puts a quote in
front of such text; spreadsheets hide that quote and show the text as typed. The salary import reads
cells with `csv_cell_text()`, which takes the quote off again, so an exported file imports back exactly.

The quote is added when the text, after any quotes it already starts with, begins with a formula
character: `'=x` is written `''=x`, so a note that really starts with a quote survives the round trip
too. Numbers (`-12`, `-0.5`) are left as they are, so they stay numbers in the spreadsheet.
"""

import re

FORMULA_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISING_QUOTE = "'"
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _is_number(text: str) -> bool:
    return _NUMBER.fullmatch(text) is not None


def needs_neutralising(text: str) -> bool:
    """Whether `text` would start a formula in a spreadsheet, once any leading quotes are skipped."""
    unquoted = text.lstrip(NEUTRALISING_QUOTE)
    return unquoted[:1] in FORMULA_CHARACTERS and not _is_number(unquoted)


def csv_cell(value) -> str:
    """A value as CSV text: booleans as true/false, None as empty, formula-like text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return NEUTRALISING_QUOTE + text if needs_neutralising(text) else text


def csv_cell_text(cell: str) -> str:
    """The text `csv_cell()` was given: the neutralising quote taken off, any other cell unchanged."""
    if cell.startswith(NEUTRALISING_QUOTE) and needs_neutralising(cell[1:]):
        return cell[1:]
    return cell
