"""CSV for spreadsheets, safe from formula injection: the one place CSV is written.

A cell that starts with =, +, -, @, a tab or a carriage return is read as a formula by
spreadsheet programs (OWASP "CSV injection"); such a cell is prefixed with an apostrophe,
which the spreadsheet shows as text and does not evaluate.

`to_csv` gives the whole file as a string (small tables); `to_csv_lines` yields it line by
line, for a StreamingHttpResponse over many rows.
"""

import csv
from collections.abc import Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    """A file whose write() returns the line, so the csv writer hands each line back."""

    def write(self, value: str) -> str:
        return value


def to_csv_lines(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def to_csv(header: list[str], rows: Iterable[Iterable]) -> str:
    return "".join(to_csv_lines(header, rows))
