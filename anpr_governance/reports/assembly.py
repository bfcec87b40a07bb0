"""One PDF/A-3b from the parts of a pack (pikepdf): the front part (cover, contents, register,
with the pack-data.json attachment and the document's metadata) first, then the other parts'
pages in order, then "Page n of N" stamped over every page, and the sites in the outline.

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
        stack.enter_context(_stamp(pack, first=1, total=total))
        first = len(pack.pages) + 1
        for batch in _batches(others):
            saved = stack.enter_context(tempfile.TemporaryFile())
            count = len(batch.pages)
            with batch, _stamp(batch, first=first, total=total):
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


def _stamp(pdf: pikepdf.Pdf, *, first: int, total: int) -> pikepdf.Pdf:
    """Stamps "Page n of total" over each page of `pdf`, n counting from `first`; returns the
    stamps' document, to be closed once `pdf` is saved (its overlays are read from it)."""
    count = len(pdf.pages)
    stamps = pikepdf.open(io.BytesIO(page_numbers(range(first, first + count), total)))
    for page, stamp in zip(pdf.pages, stamps.pages, strict=True):
        page.add_overlay(stamp)
    return stamps
