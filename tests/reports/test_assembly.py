"""reports.assembly writes the pack object by object, renumbering each part's objects itself:
what a part holds must come out whole (references to the right objects, strings untouched),
and the outline must point at the right pages."""

import io

import pikepdf
import pytest
from pypdf import PdfReader

from anpr_governance.reports import assembly

A4 = pikepdf.Array([0, 0, 595.28, 841.89])


def _document(pages: int, *, note: str = "") -> io.BytesIO:
    """A PDF of blank pages; `note` goes into each page, an object each page refers to, and the
    document info."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595.28, 841.89))
    for page in pdf.pages:
        page.obj.Note = pikepdf.String(note)
        page.obj.Extra = pdf.make_indirect(pikepdf.Dictionary(Kind=pikepdf.Name.Shared, Note=pikepdf.String(note)))
    pdf.docinfo.Title = note
    pdf.Root.Lang = pikepdf.String("en-GB")
    out = io.BytesIO()
    pdf.save(out)
    out.seek(0)
    return out


def test_every_part_comes_out_whole_numbered_and_in_order(tmp_path):
    # Text that looks like PDF syntax, a reference among it, must not be renumbered.
    tricky = "Site (north) 12 0 R \\ <3C> £ ü – 7 0 obj"
    front = _document(2, note=tricky)
    parts = [_document(3, note=f"part {i} 2 0 R") for i in range(3)]
    out = tmp_path / "pack.pdf"
    outline = [("STS-001 A34 corridor – Newcastle-under-Lyme (£)", 2), ("STS-002 (second)", 5),
               ("About this pack", 10)]
    with out.open("wb") as into:
        assert assembly.assemble(front, iter(parts), outline=outline, total=11, into=into) == 11
    assert all(part.closed for part in parts)  # each part closed once written

    with pikepdf.open(out) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert pdf.pdf_version == "1.7" and pdf.Root.Lang == "en-GB" and str(pdf.docinfo.Title) == tricky
        notes = [str(page.obj.Note) for page in pdf.pages]
        assert notes == [tricky] * 2 + ["part 0 2 0 R"] * 3 + ["part 1 2 0 R"] * 3 + ["part 2 2 0 R"] * 3
        assert [str(page.obj.Extra.Note) for page in pdf.pages] == notes  # each reference to its own object
        assert all(page.mediabox == A4 for page in pdf.pages)
        assert len({page.obj.objgen for page in pdf.pages}) == 11
    reader = PdfReader(out)
    assert [page.extract_text().strip() for page in reader.pages] == [f"Page {n} of 11" for n in range(1, 12)]
    assert [(item.title, reader.get_destination_page_number(item)) for item in reader.outline] == outline


def test_the_front_parts_outline_goes_first_with_its_children(tmp_path):
    front = pikepdf.open(_document(2))
    with front.open_outline() as tree:
        cover = pikepdf.OutlineItem("ANPR compliance pack", 0)
        cover.children.append(pikepdf.OutlineItem("Contents", 1))
        tree.root.append(cover)
    given = io.BytesIO()
    front.save(given)
    given.seek(0)
    out = tmp_path / "pack.pdf"
    with out.open("wb") as into:
        assembly.assemble(given, iter([_document(2)]), outline=[("STS-001", 2)], total=4, into=into)
    reader = PdfReader(out)
    [first, children, site] = reader.outline
    assert (first.title, reader.get_destination_page_number(first)) == ("ANPR compliance pack", 0)
    assert [(c.title, reader.get_destination_page_number(c)) for c in children] == [("Contents", 1)]
    assert (site.title, reader.get_destination_page_number(site)) == ("STS-001", 2)
    # Shown open, as WeasyPrint made it: the root counts the three titles shown, the first its one child.
    outlines = reader.trailer["/Root"]["/Outlines"]
    assert (outlines["/Count"], outlines["/First"]["/Count"]) == (3, 1)


def test_parts_with_other_than_the_expected_pages_are_refused(tmp_path):
    with (tmp_path / "pack.pdf").open("wb") as into, pytest.raises(ValueError, match="The parts have 5 pages, not 6"):
        assembly.assemble(_document(2), iter([_document(3)]), outline=[], total=6, into=into)
