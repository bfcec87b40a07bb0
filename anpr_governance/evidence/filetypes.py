"""What a file is, from its bytes: the accepted kinds of evidence file.

PDF, PNG, JPEG and the zipped office formats are recognised by their signatures
(the `filetype` library). E-mail files have no magic number: an .eml is RFC 5322 text that
starts with header lines; an .msg is an OLE2 compound file holding Outlook's property
streams (named `__substg1.0_…` in its directory). The name's extension is trusted only to
tell those two apart from other text and other OLE2 files, never on its own."""

import re
from dataclasses import dataclass

import filetype

HEAD_BYTES = 8192
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MSG_STREAM = "__substg1.0_".encode("utf-16-le")
EML_HEADER = re.compile(rb"^[!-9;-~]+:[ \t]", re.MULTILINE)  # a header name (printable, no colon), a colon
EML_KNOWN = (b"from:", b"date:", b"subject:", b"message-id:", b"received:", b"mime-version:", b"to:")


@dataclass(frozen=True)
class FileKind:
    extension: str
    mime: str
    label: str


ACCEPTED = {
    "pdf": FileKind("pdf", "application/pdf", "PDF"),
    "png": FileKind("png", "image/png", "PNG image"),
    "jpg": FileKind("jpg", "image/jpeg", "JPEG image"),
    "docx": FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     "Word document"),
    "xlsx": FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     "Excel workbook"),
    "odt": FileKind("odt", "application/vnd.oasis.opendocument.text", "OpenDocument text"),
    "ods": FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet"),
    "eml": FileKind("eml", "message/rfc822", "E-mail"),
    "msg": FileKind("msg", "application/vnd.ms-outlook", "Outlook e-mail"),
}
# What the upload field's `accept` attribute offers (browsers filter by it; the bytes decide).
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in (*ACCEPTED, "jpeg"))


def detect(upload) -> FileKind | None:
    """The accepted kind the uploaded file's bytes show it to be, or None."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    guessed = filetype.guess(head)
    if guessed is not None and guessed.extension in ACCEPTED:
        return ACCEPTED[guessed.extension]
    name = (getattr(upload, "name", "") or "").lower()
    if name.endswith(".eml") and _looks_like_email(head):
        return ACCEPTED["eml"]
    if name.endswith(".msg") and head.startswith(OLE2_SIGNATURE) and _holds(upload, MSG_STREAM):
        return ACCEPTED["msg"]
    return None


def _looks_like_email(head: bytes) -> bool:
    if b"\x00" in head or not EML_HEADER.match(head):
        return False
    headers = head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0].lower()
    return sum(1 for name in EML_KNOWN if re.search(rb"(^|\n)" + re.escape(name), headers)) >= 2


def _holds(upload, needle: bytes) -> bool:
    """Whether the file contains `needle` (read in chunks, overlapping by the needle's length)."""
    upload.seek(0)
    tail = b""
    for chunk in upload.chunks():
        if needle in tail + chunk:
            upload.seek(0)
            return True
        tail = chunk[-len(needle):]
    upload.seek(0)
    return False
