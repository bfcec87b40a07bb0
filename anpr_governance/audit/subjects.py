"""An entry's subject in words a person understands, for the access log page.

The stored subject (`feed:44`, `pack:STS-001/v1`) is part of the hashed chain and never
changes; only its presentation does. Apps above audit may register a namer for their own
prefix (from their AppConfig.ready()) so that, say, a feed is shown with its name and site:
a namer receives the keys on one page and answers {key: words} in one query.
"""

import re
from collections.abc import Callable, Iterable

# prefix -> what the thing is called; the key after the colon follows it.
NOUNS = {
    "authorisation": "Authorisation",
    "chain-check": "Chain verification",
    "dpia": "Data protection impact assessment",
    "evidence": "Evidence file",
    "feed": "Feed",
    "grant": "Access grant",
    "role-change": "Role change",
    "sample": "Dip sample",
    "sar": "Subject access request",
    "token": "API token",
    "user": "User account",
}

_PACK = re.compile(r"^(?P<scope>[^/]+)/v(?P<version>\d+)$")
_namers: dict[str, Callable[[list[str]], dict[str, str]]] = {}


def register_namer(prefix: str, namer: Callable[[list[str]], dict[str, str]]) -> None:
    _namers[prefix] = namer


def _split(subject: str) -> tuple[str, str]:
    prefix, colon, key = subject.partition(":")
    return (prefix, key) if colon and key else ("", subject)


def describe_subject(subject: str, names: dict[tuple[str, str], str] | None = None) -> str:
    """`subject` in words; the raw text for a prefix nobody knows."""
    prefix, key = _split(subject)
    if prefix == "pack" and (match := _PACK.match(key)):
        scope = "for the whole force" if match["scope"] == "FORCE" else match["scope"]
        return f"Compliance pack {scope} version {match['version']}"
    if prefix == "search":
        return f"Search logged as entry {key}" if key.isdigit() else f"Search {key}"
    if prefix not in NOUNS:
        return subject
    words = f"{NOUNS[prefix]} {key}"
    name = (names or {}).get((prefix, key))
    return f"{words} ({name})" if name else words


def describe_subjects(entries: Iterable) -> None:
    """Set `subject_words` on each entry, naming registered subjects with one query per prefix."""
    entries = list(entries)
    keys: dict[str, set[str]] = {}
    for entry in entries:
        prefix, key = _split(entry.subject)
        if prefix in _namers:
            keys.setdefault(prefix, set()).add(key)
    names = {
        (prefix, key): name
        for prefix, wanted in keys.items()
        for key, name in _namers[prefix](sorted(wanted)).items()
    }
    for entry in entries:
        entry.subject_words = describe_subject(entry.subject, names) if entry.subject else ""
