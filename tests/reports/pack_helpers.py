"""What the tests of force-wide packs read in a pack: the contents page."""

import re


def contents_entries(pdf) -> dict[str, int]:
    """What the contents page says: {title: page number}."""
    contents = next(page for page in pdf.pages[1:] if "Contents" in page)
    entries = {}
    for line in contents.splitlines():
        if match := re.match(r"^\s*(.+?)\s*[.\s]*?(\d+)\s*$", line):
            entries[match.group(1).rstrip(". ")] = int(match.group(2))
    return entries
