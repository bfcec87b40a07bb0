"""One PDF/A-3b from the parts of a pack (pikepdf): the front part (cover and contents, with the
pack-data.json attachment and the document's metadata) first, then the other parts' pages in
order, then "Page n of N" stamped over every page, and the sites in the outline.

Memory: an open part costs qpdf about a megabyte (its name tree of links, its resources),
whatever is later copied from it, and a part cannot be closed before the document that holds
its pages is saved. So the other parts are joined and stamped a batch at a time (a few
hundred pages) into temporary files, each batch's parts closed once it is saved; the final
document copies only the batches' pages. qpdf still keeps every object of the document it
saves (about 25 KB a page in all, against 70 before): less, but not flat (docs/benchmarks.md)."""

import io
import tempfile
from collections.abc import Iterable
from contextlib import ExitStack
from typing import BinaryIO

import pikepdf

from .rendering import page_numbers

# Pages joined and numbered at a time (page numbers laid out a batch at a time). Measured at
# 4,789 pages: 500 peaked 40 MB higher than 200; 100 saved 8 MB more but made the PDF bigger.
BATCH_PAGES = 200


def assemble(front: BinaryIO, others: Iterable[BinaryIO], *, outline: list[tuple[str, int]], total: int,
             into: BinaryIO) -> int:
    """Write the assembled PDF to `into`; returns its number of pages, which must be `total`
    (pages are numbered before the later parts are read). Each of `others` is read
    lazily and closed once its pages are in a batch; `outline` is (title, 0-based page)."""
    with ExitStack() as stack:
        pack = stack.enter_context(pikepdf.open(front))
        numbers = stack.enter_context(PageNumbers(total))
        numbers.stamp(pack, first=1)
        first = len(pack.pages) + 1
        for batch in _batches(others):
            saved = stack.enter_context(tempfile.TemporaryFile())
            count = len(batch.pages)
            with batch:
                numbers.stamp(batch, first=first)
                batch.save(saved)
            first += count
            saved.seek(0)
            pack.pages.extend(stack.enter_context(pikepdf.open(saved)).pages)
        if len(pack.pages) != total:
            raise ValueError(f"The parts have {len(pack.pages)} pages, not {total}.")
        with pack.open_outline() as tree:
            for title, page in outline:
                tree.root.append(pikepdf.OutlineItem(title, page))
        pack.save(into)
    return total


def _batches(others: Iterable[BinaryIO]):
    """New documents of about BATCH_PAGES pages each, the parts' pages in order; a batch's
    parts are closed once the next batch is asked for (the batch has been saved)."""
    batch, opened = pikepdf.new(), []
    for source in others:
        opened.append(source)
        part = pikepdf.open(source)
        opened.append(part)
        batch.pages.extend(part.pages)
        if len(batch.pages) >= BATCH_PAGES:
            yield batch
            for each in opened:
                each.close()
            batch, opened = pikepdf.new(), []
    if len(batch.pages):
        yield batch
    for each in opened:
        each.close()


class PageNumbers:
    """Stamps "Page n of total" over pages without laying out a page for each (WeasyPrint took
    5 to 7 ms of CPU a page: half a minute for a 640-site pack). WeasyPrint lays out one sample
    stamp for each length of n ("Page 0 of 4836", "Page 00 of 4836", ...) and one holding every
    digit; n's stamp is the sample of its length with the zeros' glyphs changed for n's digits.
    The font's digits share one width (tabular figures, as in Liberation Sans and Arial), so the
    text ends where WeasyPrint would end it; tests/reports/test_page_numbers.py compares the two."""

    def __init__(self, total: int):
        width = len(str(total))
        self._samples = pikepdf.open(io.BytesIO(page_numbers(["0" * k for k in range(1, width + 1)]
                                                             + ["0123456789"], total)))
        *by_length, every = [_shown(page) for page in self._samples.pages]
        # n's first glyph: where "Page 0 of" and "Page 00 of" (or "Page 0123456789 of") part, less one.
        one, other = by_length[0][2], (by_length[1] if width > 1 else every)[2]
        self._at = next(i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b) - 1
        self._digits = every[2][self._at:self._at + 10]
        self._by_length = by_length

    def __enter__(self) -> "PageNumbers":
        return self

    def __exit__(self, *exc) -> None:
        self._samples.close()

    def stamp(self, pdf: pikepdf.Pdf, *, first: int) -> None:
        """Stamp the pages of `pdf`, numbering them from `first`."""
        resources = pdf.copy_foreign(self._samples.pages[0].Resources)  # the font, once per document
        box = pikepdf.Array([float(side) for side in self._samples.pages[0].mediabox])
        for number, page in enumerate(pdf.pages, start=first):
            form = pikepdf.Stream(pdf, self.content(number))
            form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
            form.BBox, form.Resources = box, resources
            page.add_overlay(form)

    def content(self, number: int) -> bytes:
        """The content stream of n's stamp: its sample's, with n's digits."""
        instructions, index, glyphs = self._by_length[len(str(number)) - 1]
        glyphs = list(glyphs)
        glyphs[self._at:self._at + len(str(number))] = [self._digits[int(d)] for d in str(number)]
        shown = iter(glyphs)
        operands = pikepdf.Array([next(shown) if isinstance(item, pikepdf.String) else item
                                  for item in instructions[index].operands[0]])
        changed = list(instructions)
        changed[index] = pikepdf.ContentStreamInstruction([operands], pikepdf.Operator("TJ"))
        return pikepdf.unparse_content_stream(changed)


def _shown(page: pikepdf.Page) -> tuple[list, int, list[pikepdf.String]]:
    """A sample stamp's instructions, the index of its one TJ (show text), and the glyphs it shows."""
    instructions = pikepdf.parse_content_stream(page)
    [index] = [i for i, each in enumerate(instructions) if str(each.operator) == "TJ"]
    return instructions, index, [item for item in instructions[index].operands[0] if isinstance(item, pikepdf.String)]
