"""Ordnance Survey National Grid references: two letters naming a 100 km square, then an
even number of digits (4 to 10), half eastings and half northings, e.g. "SJ 9234 1567".
Stored normalised: capitals, one space between the letters, the eastings and the northings."""

import re

from django.core.exceptions import ValidationError

# The 100 km squares of Great Britain begin with H, N, O, S or T; the grid has no letter I.
_PATTERN = re.compile(r"([HNOST][A-HJ-Z])(\d{4,10})")
MESSAGE = "Enter an Ordnance Survey grid reference: two letters then 4, 6, 8 or 10 digits, such as SJ 9234 1567"


def normalise_grid_reference(value: str) -> str:
    """The reference as stored ("SJ 9234 1567"), or "" when blank; ValidationError if it is not one."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if not compact:
        return ""
    match = _PATTERN.fullmatch(compact)
    if match is None or len(match.group(2)) % 2:
        raise ValidationError(MESSAGE, code="invalid")
    letters, digits = match.groups()
    half = len(digits) // 2
    return f"{letters} {digits[:half]} {digits[half:]}"


def validate_grid_reference(value: str) -> None:
    """Model validator: the stored value must be a normalised reference."""
    if value and normalise_grid_reference(value) != value:
        raise ValidationError(MESSAGE, code="invalid")
