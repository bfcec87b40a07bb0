"""The one CSV writer (core.csv_export): a cell a spreadsheet would run as a formula is
written as text, in the whole-file writer and in the streaming one alike."""

import csv
import io

import pytest

from anpr_governance.core.csv_export import FORMULA_STARTS, to_csv, to_csv_lines

DANGEROUS = ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def parsed(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_every_formula_start_is_guarded():
    assert {cell[0] for cell in DANGEROUS} == set(FORMULA_STARTS)


@pytest.mark.parametrize("write", [to_csv, lambda header, rows: "".join(to_csv_lines(header, rows))],
                         ids=["whole", "streamed"])
def test_a_cell_that_starts_a_formula_is_prefixed_with_an_apostrophe(write):
    table = parsed(write(["value"], [[cell] for cell in DANGEROUS]))
    assert [row[0] for row in table[1:]] == [f"'{cell}" for cell in DANGEROUS]


@pytest.mark.parametrize("write", [to_csv, lambda header, rows: "".join(to_csv_lines(header, rows))],
                         ids=["whole", "streamed"])
def test_ordinary_cells_are_written_as_they_are_and_none_is_empty(write):
    table = parsed(write(["a", "b", "c", "d"], [["STS-001", 3, None, "A, B"]]))
    assert table == [["a", "b", "c", "d"], ["STS-001", "3", "", "A, B"]]


def test_the_streaming_writer_yields_one_line_per_row_lazily():
    def rows():
        yield ["=1"]
        raise AssertionError("read only as far as asked")

    lines = to_csv_lines(["h"], rows())
    assert next(lines) == "h\r\n"
    assert next(lines) == "'=1\r\n"


def test_both_writers_write_the_same_file():
    rows = [["=x", 1], ["y", None]]
    assert to_csv(["a", "b"], rows) == "".join(to_csv_lines(["a", "b"], rows))
