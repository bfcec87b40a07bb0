"""Domain errors: each carries a sentence a user can act on."""


class DomainError(Exception):
    """An action the rules of the domain refuse (wrong state, missing prerequisite, bad input).

    `field_errors` maps field names to messages where the problem is with one field,
    so a form can show each message beside its field.
    """

    def __init__(self, message: str, *, field_errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}


class NotPermitted(DomainError):
    """The actor's role or object permission does not allow the action."""
