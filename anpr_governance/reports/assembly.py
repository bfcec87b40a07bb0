"""One PDF/A-3b from the parts of a pack (pikepdf): the front part (cover, contents, register,
with the pack-data.json attachment and the document's metadata) first, then the other parts'
pages in order, then "Page n of N" stamped over every page, and the sites in the outline."""

import io
from collections.abc import Iterable

import pikepdf

from .rendering import page_numbers

# Page numbers are laid out this many at a time (a few MB each time, whatever the pack's length).
STAMP_CHUNK = 500


def assemble(front: bytes, others: Iterable[bytes], *, outline: list[tuple[str, int]]) -> tuple[bytes, int]:
    """The assembled PDF and its number of pages; `outline` is (title, 0-based page) to bookmark."""
    pack = pikepdf.open(io.BytesIO(front))
    opened = []  # a part's pages are read from its file until the pack is saved
    for data in others:
        part = pikepdf.open(io.BytesIO(data))
        opened.append(part)
        pack.pages.extend(part.pages)
    total = len(pack.pages)
    for first in range(0, total, STAMP_CHUNK):
        numbers = range(first + 1, min(total, first + STAMP_CHUNK) + 1)
        stamps = pikepdf.open(io.BytesIO(page_numbers(numbers, total)))
        opened.append(stamps)
        for offset, stamp in enumerate(stamps.pages):
            pack.pages[first + offset].add_overlay(stamp)
    with pack.open_outline() as tree:
        for title, page in outline:
            tree.root.append(pikepdf.OutlineItem(title, page))
    out = io.BytesIO()
    pack.save(out)
    for part in opened:
        part.close()
    pack.close()
    return out.getvalue(), total
