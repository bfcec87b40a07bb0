"""CSV for spreadsheets, safe from formula injection.

A cell that starts with =, +, -, @, a tab or a carriage return is read as a formula by
spreadsheet programs (OWASP "CSV injection"); such a cell is prefixed with an apostrophe,
which the spreadsheet shows as text and does not evaluate.
"""

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def to_csv(header: list[str], rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()
