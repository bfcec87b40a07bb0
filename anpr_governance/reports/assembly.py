"""One PDF/A-3b from the parts of a pack, written object by object so that memory stays flat
however many pages the pack has: the front part (cover and contents, with the pack-data.json
attachment, the document's metadata and its outline) first, then the other parts in order,
each with "Page n of N" stamped over its pages, then the page tree, the outline (the sites
added) and the cross-reference table.

qpdf, through one pikepdf save, keeps every object of the document it writes (about 25 KB a
page: docs/benchmarks.md). Here a part is opened, stamped, and its objects (those its pages
reach) are written to the file under new numbers and forgotten before the next part is
opened; what is kept is each object's offset and each page's number."""

import hashlib
import io
import re
import zlib
from array import array
from collections.abc import Callable, Iterable
from typing import BinaryIO

import pikepdf

from .rendering import page_numbers

HEADER = b"%PDF-1.7\n%\xb5\xed\xae\xfb\n"  # four bytes over 127 after the version, as PDF/A asks

# In qpdf's unparsed syntax: a literal string (its parentheses and backslashes always escaped),
# a hex string, or an indirect reference "n g R", which is the one token renumbered.
_TOKEN = re.compile(rb"\((?:[^\\()]|\\.)*\)|<[0-9A-Fa-f\s]*>|(?<![\w.#+-])(\d+) (\d+) R\b", re.DOTALL)


def assemble(front: BinaryIO, others: Iterable[BinaryIO], *, outline: list[tuple[str, int]], total: int,
             into: BinaryIO) -> int:
    """Write the assembled PDF to `into`; returns its number of pages, which must be `total`
    (pages are numbered before the later parts are read). Each of `others` is read
    lazily and closed once its pages are written; `outline` is (title, 0-based page)."""
    writer = Writer(into)
    catalog, pages_root, outlines = writer.reserve(), writer.reserve(), writer.reserve()
    kids = array("Q")
    with PageNumbers(total) as numbers:
        samples = Source(writer, numbers.samples, pages_root=pages_root, catalog=catalog)
        stamp_resources = samples.write(numbers.samples.pages[0].Resources)  # the stamps' font, once for all
        samples.finish()

        def stamped(pdf: pikepdf.Pdf) -> Source:
            """`pdf`'s pages stamped, numbered on from those already written, and written."""
            resources = numbers.stamp(pdf, first=len(kids) + 1)
            source = Source(writer, pdf, pages_root=pages_root, catalog=catalog,
                            known={resources.objgen: stamp_resources})
            kids.extend(source.write(page.obj) for page in pdf.pages)
            return source

        with pikepdf.open(front) as pdf:
            source = stamped(pdf)
            items = [*source.outline_items(), *(
                _Item(pikepdf.String(title).unparse(), lambda page=page: b"[ %d 0 R /Fit ]" % kids[page])
                for title, page in outline)]
            entries = b"".join(b"%s %s " % (pikepdf.Name(key).unparse(), source.direct(value))
                               for key, value in pdf.Root.items() if key not in ("/Type", "/Pages", "/Outlines"))
            writer.add(catalog, b"<< /Type /Catalog /Pages %d 0 R /Outlines %d 0 R %s>>" % (pages_root, outlines,
                                                                                          entries))
            info = source.write(pdf.trailer.Info) if "/Info" in pdf.trailer else None
            source.finish()
        for other in others:
            with other, pikepdf.open(other) as pdf:
                stamped(pdf).finish()
    if len(kids) != total:
        raise ValueError(f"The parts have {len(kids)} pages, not {total}.")
    writer.add(pages_root, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (
        len(kids), b" ".join(b"%d 0 R" % kid for kid in kids)))
    _write_outline(writer, outlines, items)
    writer.finish(root=catalog, info=info)
    return total


class Writer:
    """Writes numbered objects to a PDF file as they come; keeps only each one's offset."""

    def __init__(self, out: BinaryIO):
        self._out, self._at, self._digest = out, 0, hashlib.md5(usedforsecurity=False)
        self._offsets = array("Q", [0])  # by object number; 0 for one reserved and not yet written
        self._put(HEADER)

    def _put(self, data: bytes) -> None:
        self._out.write(data)
        self._digest.update(data)
        self._at += len(data)

    def reserve(self) -> int:
        self._offsets.append(0)
        return len(self._offsets) - 1

    def add(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        self._offsets[number] = self._at
        self._put(b"%d 0 obj\n%s\n" % (number, body))
        if stream is not None:
            self._put(b"stream\n%s\nendstream\n" % stream)
        self._put(b"endobj\n")

    def finish(self, *, root: int, info: int | None) -> None:
        """The cross-reference table and the trailer; the file's ID is the MD5 of what precedes them."""
        if missing := [n for n, offset in enumerate(self._offsets) if n and not offset]:
            raise ValueError(f"Objects reserved and never written: {missing[:10]}")
        start, digest = self._at, self._digest.hexdigest().encode()
        self._put(b"xref\n0 %d\n0000000000 65535 f \n" % len(self._offsets))
        for offset in self._offsets[1:]:
            self._put(b"%010d 00000 n \n" % offset)
        info = b"/Info %d 0 R " % info if info else b""
        self._put(b"trailer\n<< /Size %d /Root %d 0 R %s/ID [ <%s> <%s> ] >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(self._offsets), root, info, digest, digest, start))


class Source:
    """One open document whose objects go to the writer: each object its pages (or anything
    else asked for) reach is written once, under a new number. Its page tree's nodes become the
    pack's one page tree, its catalog the pack's; `known` maps other objects to ones written."""

    def __init__(self, writer: Writer, pdf: pikepdf.Pdf, *, pages_root: int, catalog: int,
                 known: dict[tuple[int, int], int] | None = None):
        self._writer, self._pdf, self._queue = writer, pdf, []
        self._numbers = {pdf.Root.objgen: catalog, pdf.Root.Pages.objgen: pages_root, **(known or {})}
        # qpdf has moved what a page inherits from its tree's nodes onto the page when it read them.
        for page in pdf.pages:
            node = page.obj
            while "/Parent" in node:
                node = node.Parent
                self._numbers[node.objgen] = pages_root

    def write(self, obj: pikepdf.Object) -> int:
        """The number under which indirect `obj` is (or will be) written."""
        key = obj.objgen
        if key not in self._numbers:
            self._numbers[key] = self._writer.reserve()
            self._queue.append(key)
        return self._numbers[key]

    def direct(self, obj: pikepdf.Object) -> bytes:
        """`obj` in PDF syntax, its references renumbered (and their objects queued)."""
        return self._renumbered(obj.unparse(resolved=False))

    def _renumbered(self, syntax: bytes) -> bytes:
        def replace(match: re.Match) -> bytes:
            if match.group(1) is None:  # a string: left as it is
                return match.group(0)
            obj = self._pdf.get_object(int(match.group(1)), int(match.group(2)))
            return b"null" if obj is None else b"%d 0 R" % self.write(obj)  # a reference to nothing is null

        return _TOKEN.sub(replace, syntax)

    def finish(self) -> None:
        """Write every object queued, and those they reach."""
        while self._queue:
            key = self._queue.pop()
            obj = self._pdf.get_object(key)
            if isinstance(obj, pikepdf.Stream):
                self._writer.add(self._numbers[key], *self._stream(obj))
            else:
                self._writer.add(self._numbers[key], self._renumbered(obj.unparse(resolved=True)))

    def _stream(self, stream: pikepdf.Stream) -> tuple[bytes, bytes]:
        """A stream's dictionary and its bytes as stored; a stream stored unfiltered (one made
        here, such as a stamp) is compressed, but not metadata, which PDF/A wants readable."""
        data = stream.read_raw_bytes()
        if "/Filter" not in stream and stream.get("/Type") != pikepdf.Name.Metadata:
            data = zlib.compress(data)
            stream.stream_dict.Filter = pikepdf.Name.FlateDecode
        stream.stream_dict.Length = len(data)
        return self._renumbered(stream.stream_dict.unparse(resolved=True)), data

    def outline_items(self) -> list["_Item"]:
        """The document's own outline (WeasyPrint's, from its headings), to go first in the pack's."""
        def items(first) -> list[_Item]:
            found, item = [], first
            while item is not None:
                target = item.get("/Dest", item.get("/A"))
                found.append(_Item(item.Title.unparse(), self.direct(target) if target is not None else None,
                                   items(item.get("/First")), is_open=int(item.get("/Count", 0)) >= 0,
                                   key=b"/Dest" if "/Dest" in item else b"/A"))
                item = item.get("/Next")
            return found

        outlines = self._pdf.Root.get("/Outlines")
        return items(outlines.get("/First")) if outlines is not None else []


class _Item:
    """An outline item: its title and target in PDF syntax (a callable while the page it names
    is not yet written), its children, and whether it is shown open."""

    def __init__(self, title: bytes, target: bytes | Callable[[], bytes] | None, children: list["_Item"] = (),
                 *, is_open: bool = True, key: bytes = b"/Dest"):
        self.title, self.target, self.children, self.is_open, self.key = title, target, list(children), is_open, key

    def visible(self) -> int:
        """How many items below this one are shown (its children, theirs if open, ...)."""
        return sum(1 + (child.visible() if child.is_open else 0) for child in self.children)


def _write_outline(writer: Writer, root: int, items: list[_Item]) -> None:
    def add(parent: int, siblings: list[_Item]) -> list[int]:
        numbers = [writer.reserve() for _ in siblings]
        for i, (number, item) in enumerate(zip(numbers, siblings, strict=True)):
            body = [b"/Title %s /Parent %d 0 R" % (item.title, parent)]
            if i:
                body.append(b"/Prev %d 0 R" % numbers[i - 1])
            if i + 1 < len(numbers):
                body.append(b"/Next %d 0 R" % numbers[i + 1])
            if item.target is not None:
                body.append(b"%s %s" % (item.key, item.target() if callable(item.target) else item.target))
            if item.children:
                children = add(number, item.children)
                count = item.visible() if item.is_open else -len(item.children)
                body.append(b"/First %d 0 R /Last %d 0 R /Count %d" % (children[0], children[-1], count))
            writer.add(number, b"<< %s >>" % b" ".join(body))
        return numbers

    top = add(root, items) if items else []
    shown = sum(1 + (item.visible() if item.is_open else 0) for item in items)
    ends = b"/First %d 0 R /Last %d 0 R " % (top[0], top[-1]) if top else b""
    writer.add(root, b"<< /Type /Outlines %s/Count %d >>" % (ends, shown))


class PageNumbers:
    """Stamps "Page n of total" over pages without laying out a page for each (WeasyPrint took
    5 to 7 ms of CPU a page: half a minute for a 640-site pack). WeasyPrint lays out one sample
    stamp for each length of n ("Page 0 of 4836", "Page 00 of 4836", ...) and one holding every
    digit; n's stamp is the sample of its length with the zeros' glyphs changed for n's digits.
    The font's digits share one width (tabular figures, as in Liberation Sans and Arial), so the
    text ends where WeasyPrint would end it; tests/reports/test_page_numbers.py compares the two."""

    def __init__(self, total: int):
        width = len(str(total))
        self.samples = pikepdf.open(io.BytesIO(page_numbers(["0" * k for k in range(1, width + 1)]
                                                            + ["0123456789"], total)))
        *by_length, every = [_shown(page) for page in self.samples.pages]
        # n's first glyph: where "Page 0 of" and "Page 00 of" (or "Page 0123456789 of") part, less one.
        one, other = by_length[0][2], (by_length[1] if width > 1 else every)[2]
        self._at = next(i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b) - 1
        self._digits = every[2][self._at:self._at + 10]
        self._by_length = by_length

    def __enter__(self) -> "PageNumbers":
        return self

    def __exit__(self, *exc) -> None:
        self.samples.close()

    def stamp(self, pdf: pikepdf.Pdf, *, first: int) -> pikepdf.Object:
        """Stamp the pages of `pdf`, numbering them from `first`; returns the stamps' resources
        (the font), copied into `pdf` once."""
        resources = pdf.copy_foreign(self.samples.pages[0].Resources)
        box = pikepdf.Array([float(side) for side in self.samples.pages[0].mediabox])
        for number, page in enumerate(pdf.pages, start=first):
            form = pikepdf.Stream(pdf, self.content(number))
            form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
            form.BBox, form.Resources = box, resources
            page.add_overlay(form)
        return resources

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
