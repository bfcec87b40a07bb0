"""The HTML a member of the public may use in a reply: exactly what the founding consultation
page allowed, and nothing else. nh3 (ammonia) parses like a browser and rebuilds the markup,
so malformed and encoded tricks are normalised before they are checked."""

import html
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    {"a", "abbr", "acronym", "b", "blockquote", "cite", "code", "del", "em", "i", "q", "s", "strike", "strong"}
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "acronym": {"title"},
    "blockquote": {"cite"},
    "del": {"datetime"},
    "q": {"cite"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "cite"})
LINK_REL = "nofollow noopener"


def _absolute_url_only(tag: str, attribute: str, value: str) -> str | None:
    """nh3 checks the scheme of href but not of cite, and lets relative URLs through: a
    reply's URLs must name one of the allowed schemes, whatever the attribute."""
    if attribute in URL_ATTRIBUTES:
        try:
            scheme = urlsplit(value.strip()).scheme.lower()
        except ValueError:
            return None
        return value if scheme in URL_SCHEMES else None
    return value


def clean_comment(text: str) -> str:
    """The comment as safe HTML: disallowed elements and attributes removed (script and
    style with their content), URLs limited to http, https and mailto, links marked nofollow."""
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_absolute_url_only,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def plain_text(text: str) -> str:
    """The comment's words without markup, for the consultation record and compliance pack."""
    return html.unescape(nh3.clean(text, tags=set(), strip_comments=True)).strip()
