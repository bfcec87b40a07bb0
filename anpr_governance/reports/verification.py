"""Is this file an unaltered compliance pack, and which one?

The SHA-256 of every pack file is stored when it is built; a file is genuine if and only
if its SHA-256 is one of them. One changed byte changes the SHA-256, so an altered file
is rejected. For a rejected file that still carries a pack's data attachment, the
verdict says which pack it claims to be, so that the genuine one can be fetched."""

import hashlib
from dataclasses import dataclass

from django.utils import timezone

from .disclosures import actor_name
from .models import Pack
from .rendering import ATTACHMENT_NAME

CHUNK = 1024 * 1024


@dataclass
class Verdict:
    genuine: bool
    sha256: str
    message: str
    pack: Pack | None = None  # the genuine pack this file is
    claims: Pack | None = None  # for a rejected file: the pack whose data it carries


def verify_pack_file(handle) -> Verdict:
    """Read `handle` (a seekable binary file object) and judge it."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    sha = digest.hexdigest()
    pack = Pack.objects.select_related("requested_by").filter(file_sha256=sha, state=Pack.State.READY).first()
    if pack is not None:
        when = timezone.localtime(pack.finished_at)
        by = actor_name(pack.requested_by)
        return Verdict(
            genuine=True, sha256=sha, pack=pack,
            message=(f"Genuine: this file is {pack.label} as at {pack.as_at:%-d %B %Y}, requested by {by}, built on "
                     f"{when:%-d %B %Y at %H:%M}, unaltered (SHA-256 {sha})."),
        )
    claims = _claimed_pack(handle)
    if claims is not None:
        return Verdict(
            genuine=False, sha256=sha, claims=claims,
            message=(f"Not genuine: this file carries the data of {claims.label} as at {claims.as_at:%-d %B %Y}, "
                     "but the file has been altered since it was produced. Download the genuine pack again."),
        )
    return Verdict(genuine=False, sha256=sha,
                   message=f"Not genuine: no compliance pack produced by this service has this SHA-256 ({sha}).")


def _claimed_pack(handle) -> Pack | None:
    """The pack whose data attachment this (altered) file carries, if it can be read at all."""
    try:
        from pypdf import PdfReader

        handle.seek(0)
        attachments = PdfReader(handle).attachments
        data = attachments[ATTACHMENT_NAME][0]
    except Exception:  # not a PDF, damaged beyond reading, or no attachment: no claim to report
        return None
    return Pack.objects.filter(data_sha256=hashlib.sha256(data).hexdigest()).first()
