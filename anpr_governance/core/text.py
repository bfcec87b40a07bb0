"""Text from a request: bounded when copied into something kept (the access log, a message),
and refused when a JSON body sends another type where text is expected."""

from .exceptions import DomainError

CUT_MARK = "…[cut]"


def storable(value: str) -> str:
    """`value` as any database stores it: PostgreSQL refuses NUL characters in text, so each
    becomes U+FFFD (the record still shows that something unprintable was typed there)."""
    return value.replace("\x00", "\ufffd")


def clip(value, limit: int) -> str:
    """`value` as storable text of at most `limit` characters; a longer one ends with CUT_MARK
    so the reader knows it was cut."""
    text = storable(value if isinstance(value, str) else str(value))
    return text if len(text) <= limit else text[: limit - len(CUT_MARK)] + CUT_MARK


def clip_all(value, limit: int):
    """Every string in a JSON value (keys too) clipped to `limit`."""
    if isinstance(value, str):
        return clip(value, limit)
    if isinstance(value, dict):
        return {clip(key, limit): clip_all(item, limit) for key, item in value.items()}
    if isinstance(value, list):
        return [clip_all(item, limit) for item in value]
    return value


def text_or_refuse(value, field: str, label: str) -> str:
    """`value` when it is text (None counts as empty); otherwise a DomainError on `field`."""
    if value is None:
        return ""
    if not isinstance(value, str):
        message = f"{label} must be text."
        raise DomainError(message, field_errors={field: [message]})
    return value
