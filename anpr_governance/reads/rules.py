"""The rules of access to reads that are not settings: the forms of a VRM and of a reference.

The purposes of a search live in `audit.purposes`, where the access log can name them too."""

import re

from django.conf import settings

from anpr_governance.core.text import clip

# A VRM once spaces are removed and letters upper-cased: 2 to 10 letters and digits, at
# least one of each (every UK format has both; a read of only letters is a misread).
# Anchored at the true end (\Z): `$` also matches before a final newline, so "AB12CDE\n" passed.
VRM_PATTERN = re.compile(r"\A(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*[0-9])[A-Z0-9]{2,10}\Z")
VRM_HINT = "use 2 to 10 letters and digits, with at least one of each, such as AB12CDE"


def normalise_vrm(value) -> str:
    """Upper case without any white space (inner or outer): ' ab12 cde\\n' → 'AB12CDE'. The same
    at ingestion and search, so a read is found as it is stored. Anything not a string becomes ''."""
    return "".join(value.split()).upper() if isinstance(value, str) else ""


def is_valid_vrm(vrm: str) -> bool:
    return VRM_PATTERN.match(vrm) is not None


def normalise_reference(value) -> str:
    return value.strip().upper() if isinstance(value, str) else ""


def reference_problem(reference: str) -> str:
    """Why `reference` is not a crime or incident reference ('' when it is one)."""
    hint = settings.ANPR_REFERENCE_HINT
    if not reference:
        return f"Enter the reference of the crime or incident the search is for: {hint}."
    if not re.fullmatch(settings.ANPR_REFERENCE_PATTERN, reference):
        return f"“{clip(reference, 40)}” is not a crime or incident reference: give {hint}."
    return ""
