"""The one place where PDFs are made: pack data → HTML (Django template) → PDF/A-3b (WeasyPrint).

WeasyPrint fetches resources through `StaticFilesOnly`, which reads only the project's
own static files under static/reports/ (the pack's stylesheet). Every other URL —
network, file:, data:, anything named in user content — is refused, so a pack can
neither reach out nor read the server's files, whatever its records say.
"""

import logging
import mimetypes
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import HTML, Attachment
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .contents import SCHEMA, canonical_json, fingerprint

# Relative URLs in the pack's HTML resolve against this base. The ".invalid" top-level
# domain never resolves (RFC 2606), and the fetcher never goes to the network anyway.
BASE_URL = "https://anpr-governance.invalid/static/"
ALLOWED_PREFIX = "reports/"
PDF_VARIANT = "pdf/a-3b"
ATTACHMENT_NAME = "pack-data.json"

SUBSECTIONS = [
    ("summary", "Summary and status"),
    ("timeline", "Lifecycle timeline"),
    ("assessment", "In-depth assessment"),
    ("dpia", "Privacy impact assessment (DPIA)"),
    ("consultation", "Consultation"),
    ("reviews", "Reviews"),
    ("approvals", "Approvals"),
    ("changes", "Change history in the period"),
    ("decommissioning", "Decommissioning: flags and checklist"),
    ("access", "Access to the site's data"),
    ("evidence", "Evidence files"),
    ("principles", "Surveillance Camera Code: the 12 principles"),
]


class ResourceRefused(ValueError):
    """A URL the pack renderer will not fetch."""


def static_file_for(url: str) -> str:
    """The path of the static file `url` names, or ResourceRefused."""
    if not url.startswith(BASE_URL):
        raise ResourceRefused(f"Refused {url!r}: packs read only the project's own static files.")
    parts = urlsplit(url)
    relative = unquote(parts.path)[len(urlsplit(BASE_URL).path):]
    pure = PurePosixPath(relative)
    if not relative.startswith(ALLOWED_PREFIX) or ".." in pure.parts or "\\" in relative or "\x00" in relative:
        raise ResourceRefused(f"Refused {url!r}: only files under static/{ALLOWED_PREFIX} may be read.")
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation as error:
        raise ResourceRefused(f"Refused {url!r}: {error}") from error
    if not found:
        raise ResourceRefused(f"Refused {url!r}: no such static file.")
    return found if isinstance(found, str) else found[0]


class StaticFilesOnly(URLFetcher):
    """WeasyPrint's URL fetcher for packs: the project's static files under reports/, nothing else."""

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False, fail_on_errors=False, timeout=1)

    def fetch(self, url, headers=None):
        path = static_file_for(url)
        with open(path, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    html: str
    fingerprint: str


def render_html(data: dict) -> str:
    return render_to_string("reports/pdf/pack.html", {
        "pack": data["pack"],
        "sites": data["sites"],
        "register": data.get("register"),
        "aggregates": data.get("aggregates"),
        "sampling": data.get("sampling"),
        "notes": data["notes"],
        "force": data["pack"]["scope"] == "force",
        "fingerprint": fingerprint(data),
        "schema": SCHEMA,
        "subsections": SUBSECTIONS,
    })


def render_pack(data: dict, *, on_progress: Callable[[str, int], None] | None = None) -> Rendered:
    """The PDF/A-3b of the pack, with its data attached as pack-data.json."""
    html = render_html(data)
    pdf, pages = html_to_pdf(html, attachment=canonical_json(data), on_progress=on_progress)
    return Rendered(pdf=pdf, pages=pages, html=html, fingerprint=fingerprint(data))


PACK_DATA_DESCRIPTION = "The pack's data; its SHA-256 is the fingerprint on the cover."


def html_to_pdf(html: str, *, attachment: bytes, on_progress=None, attachment_name: str = ATTACHMENT_NAME,
                description: str = PACK_DATA_DESCRIPTION) -> tuple[bytes, int]:
    """WeasyPrint alone: lay out `html` and write the PDF/A-3b with its attachment."""
    with _progress_reported(on_progress):
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly()).render(
            pdf_variant=PDF_VARIANT
        )
        if on_progress:
            on_progress("writing", len(document.pages))
        pdf = document.write_pdf(
            pdf_variant=PDF_VARIANT,
            attachments=[
                Attachment(string=attachment, name=attachment_name, relationship="Data", description=description)
            ],
        )
    return pdf, len(document.pages)


# The sections of a force-wide pack that its contents lists besides the sites (their ids).
CONTENTS_SECTIONS = ("register", "aggregates")


@dataclass
class Part:
    """One part of a pack laid out in parts: its PDF (no page numbers), its length, and the
    page (0-based) on which each section the contents lists starts, by its id ("site-STS-001",
    "register")."""

    pdf: bytes
    pages: int
    starts: dict[str, int]


def render_part(context: dict, *, attachment: bytes | None = None) -> Part:
    """Lay out one part (context["part"]: "front", "sites" or "about"; see pdf/part.html)."""
    html = render_to_string("reports/pdf/part.html", context | {"schema": SCHEMA, "subsections": SUBSECTIONS})
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly()).render(pdf_variant=PDF_VARIANT)
    starts = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("site-") or anchor in CONTENTS_SECTIONS:
                starts.setdefault(anchor, number)
    attachments = [Attachment(string=attachment, name=ATTACHMENT_NAME, relationship="Data",
                              description=PACK_DATA_DESCRIPTION)] if attachment is not None else []
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT, attachments=attachments)
    return Part(pdf=pdf, pages=len(document.pages), starts=starts)


def page_numbers(numbers: Iterable[int | str], total: int) -> bytes:
    """Pages blank but for "Page n of total" where the pack's own pages print it: the samples
    from which reports.assembly makes the stamps of an assembled pack."""
    html = render_to_string("reports/pdf/page_numbers.html", {"numbers": numbers, "total": total})
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly()).write_pdf(pdf_variant=PDF_VARIANT)


_PAGE = re.compile(r"Step 5 - Creating layout - Page (\d+)")


class _ProgressHandler(logging.Handler):
    """Turns WeasyPrint's progress log ("Step 5 - Creating layout - Page 12") into calls."""

    def __init__(self, callback):
        super().__init__(logging.INFO)
        self.callback = callback

    def emit(self, record):
        message = record.getMessage()
        if match := _PAGE.match(message):
            self.callback("layout", int(match.group(1)))


class _progress_reported:
    def __init__(self, callback):
        self.callback = callback
        self.logger = logging.getLogger("weasyprint.progress")

    def __enter__(self):
        if self.callback is None:
            return self
        self.handler = _ProgressHandler(self.callback)
        self.saved = (self.logger.level, self.logger.propagate)
        self.logger.setLevel(logging.INFO)
        self.logger.propagate = False  # a line per page is for the progress bar, not the log
        self.logger.addHandler(self.handler)
        return self

    def __exit__(self, *exc):
        if self.callback is not None:
            self.logger.removeHandler(self.handler)
            level, self.logger.propagate = self.saved
            self.logger.setLevel(level)
        return False
