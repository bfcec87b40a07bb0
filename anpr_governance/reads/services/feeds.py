"""Feeds: created and revoked by a system administrator (or a command run on the server)."""

import secrets

from django.db import transaction
from django.utils import timezone

from anpr_governance.accounts.permissions import require_named_role
from anpr_governance.accounts.roles import ADMINISTRATOR
from anpr_governance.audit.models import Action
from anpr_governance.audit.services import access_log_append
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.history import save_with_history
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Site

from ..models import Feed
from ..selectors import hash_token


def _check_actor(actor, doing: str) -> None:
    # None is a command run on the server (manage.py), by someone with the machine's keys.
    if actor is not None:
        require_named_role(actor, ADMINISTRATOR, doing=doing)


@transaction.atomic
def feed_create(*, actor, site: Site, name: str) -> tuple[Feed, str]:
    """Create a feed for `site` and return it with its token, which is not kept and cannot be shown again."""
    _check_actor(actor, "create a camera feed")
    name = (name or "").strip()
    if not name:
        raise DomainError("Enter a name for the feed.", field_errors={"name": ["Enter a name for the feed."]})
    if Feed.objects.filter(name__iexact=name).exists():
        message = f"A feed named “{name}” already exists: choose another name."
        raise DomainError(message, field_errors={"name": [message]})
    if site.status == Status.DECOMMISSIONED:
        message = f"{site.reference} is decommissioned: it can have no feed."
        raise DomainError(message, field_errors={"site": [message]})
    token = secrets.token_urlsafe(32)
    feed = Feed(site=site, name=name, token_hash=hash_token(token), token_hint=token[:6], created_by=actor)
    save_with_history(feed, actor=actor, reason="reads.feed.created")
    access_log_append(
        actor=actor, action=Action.FEED_CREATED, subject=f"feed:{feed.pk}",
        details={"feed": feed.name, "site": site.reference},
    )
    return feed, token


@transaction.atomic
def feed_revoke(*, actor, feed: Feed, reason: str) -> Feed:
    """Revoke the feed's token: its requests are refused (401) from now on. It cannot be
    undone, so the reason is required and kept in the feed's history and the access log."""
    _check_actor(actor, "revoke a camera feed")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter why you are revoking this feed", field_errors={
            "reason": ["Enter why you are revoking this feed"]})
    feed = Feed.objects.select_for_update().get(pk=feed.pk)
    if feed.revoked_at is not None:
        raise DomainError(f"Feed “{feed.name}” was already revoked on {timezone.localtime(feed.revoked_at):%d %B %Y}.")
    feed.revoked_at, feed.revoked_by = timezone.now(), actor
    save_with_history(feed, actor=actor, reason=f"reads.feed.revoked: {reason}")
    access_log_append(
        actor=actor, action=Action.FEED_REVOKED, subject=f"feed:{feed.pk}",
        details={"feed": feed.name, "site": feed.site.reference, "reason": reason},
    )
    return feed
