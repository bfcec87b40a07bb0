"""Saving governance records with their history: who, when, what (simple-history), and why."""

from django.core.exceptions import ValidationError
from django.db import models

from .concurrency import bump
from .exceptions import DomainError


def save_with_history(obj: models.Model, *, actor, reason: str, validate: bool = True) -> models.Model:
    """Validate and save `obj`, recording the actor and the reason in its history row."""
    if validate:
        try:
            obj.full_clean()
        except ValidationError as error:
            fields = {name: [str(m) for m in messages] for name, messages in error.message_dict.items()}
            summary = " ".join(f"{_label(obj, name)}: {' '.join(msgs)}" for name, msgs in fields.items())
            raise DomainError(summary, field_errors=fields) from error
    obj._history_user = actor
    obj._change_reason = reason
    bump(obj)  # optimistic concurrency: a form drawn from the old version is now stale
    obj.save()
    return obj


def _label(obj, name: str) -> str:
    try:
        return str(obj._meta.get_field(name).verbose_name).capitalize()
    except Exception:
        return name.replace("_", " ").capitalize()
