"""Sample files of every accepted kind, made here byte by byte, and a private MEDIA_ROOT."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EML = (b"From: Parish Council <clerk@example.org>\r\nTo: anpr@example.police.uk\r\nSubject: Consultation reply\r\n"
       b"Date: Mon, 2 Mar 2026 10:00:00 +0000\r\nMessage-ID: <1@example.org>\r\n\r\nWe support the site.\r\n")
# An Outlook .msg is an OLE2 compound file whose directory names its property streams.
MSG = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "__substg1.0_0037001F".encode("utf-16-le")
       + b"\x00" * 400)


def _zipped(entries: list[tuple[str, bytes]], *, stored_first=False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


def _open_document(mime: str) -> bytes:
    return _zipped([("mimetype", mime.encode()), ("content.xml", b"<office:document-content/>")], stored_first=True)


def _workbook() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "Signage inspection"
    book.save(buffer)
    return buffer.getvalue()


SAMPLES = {
    "report.pdf": (PDF, "application/pdf"),
    "signage.png": (PNG, "image/png"),
    "signage.jpg": (JPEG, "image/jpeg"),
    "letter.docx": (_zipped([("[Content_Types].xml", b"<Types/>"), ("_rels/.rels", b"<Relationships/>"),
                             ("word/document.xml", b"<w:document/>")]),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "figures.xlsx": (_workbook(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "minutes.odt": (_open_document("application/vnd.oasis.opendocument.text"),
                    "application/vnd.oasis.opendocument.text"),
    "counts.ods": (_open_document("application/vnd.oasis.opendocument.spreadsheet"),
                   "application/vnd.oasis.opendocument.spreadsheet"),
    "reply.eml": (EML, "message/rfc822"),
    "reply.msg": (MSG, "application/vnd.ms-outlook"),
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def samples():
    return SAMPLES


@pytest.fixture
def stored(media):
    """The files under MEDIA_ROOT now."""
    return lambda: [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.fixture
def sample():
    def make(name="report.pdf", data=None):
        return SimpleUploadedFile(name, SAMPLES.get(name, SAMPLES["report.pdf"])[0] if data is None else data)

    return make
