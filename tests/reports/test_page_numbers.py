"""The page numbers of a pack assembled from parts are stamped from a few samples laid out by
WeasyPrint (reports.assembly.PageNumbers): each stamp must be what WeasyPrint itself lays out
for that page, the same glyphs at the same place, whatever the number's length."""

import io

import pikepdf
import pytest
from pypdf import PdfReader

from anpr_governance.reports.assembly import PageNumbers
from anpr_governance.reports.rendering import page_numbers


def _instructions(content: bytes) -> list[tuple[str, list]]:
    """The content's operators and operands, the font's name (a subset's tag, which differs
    from one document to the next) left out."""
    scratch = pikepdf.new()
    stream = pikepdf.parse_content_stream(pikepdf.Stream(scratch, content))
    return [(str(i.operator), [] if str(i.operator) == "Tf" else [str(o) for o in i.operands]) for i in stream]


@pytest.mark.parametrize("total", [7, 487, 4836, 12345])
def test_each_stamp_is_what_weasyprint_lays_out_for_its_number(total):
    numbers = sorted({1, 9, 10, 11, 99, 100, 387, 999, 1000, 2468, 9999, 10000, total} & set(range(1, total + 1)))
    laid_out = pikepdf.open(io.BytesIO(page_numbers(numbers, total)))
    with PageNumbers(total) as stamps:
        for number, page in zip(numbers, laid_out.pages, strict=True):
            weasyprint = b"".join(part.read_bytes() for part in _contents(page))
            assert _instructions(stamps.content(number)) == _instructions(weasyprint), number


def _contents(page):
    contents = page.obj.Contents
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]


def test_stamped_pages_read_page_n_of_total_at_the_foot_of_the_page(tmp_path):
    pdf = pikepdf.new()
    for _ in range(12):
        pdf.add_blank_page(page_size=(595.28, 841.89))
    with PageNumbers(20) as stamps:
        stamps.stamp(pdf, first=9)
        pdf.save(tmp_path / "stamped.pdf")
    reader = PdfReader(tmp_path / "stamped.pdf")
    assert [page.extract_text().strip() for page in reader.pages] == [f"Page {n} of 20" for n in range(9, 21)]
    found = []
    reader.pages[0].extract_text(visitor_text=lambda text, cm, tm, *_: found.append((text, cm, tm)) if text else None)
    [(text, cm, tm)] = found
    x, y = cm[0] * tm[4] + cm[4], cm[3] * tm[5] + cm[5]  # where the text starts, in points from the bottom left
    assert text == "Page 9 of 20" and 450 < x < 595 and 0 < y < 20 / 25.4 * 72  # in the bottom margin, at the right
