"""Roles: given and taken away by two people, every step in the access log.

A system administrator proposes; the change takes effect only when a different person (a
system administrator or the data protection officer, and not the person concerned) approves
it. A system administrator holds no other role, so the one who manages accounts can never
also search reads, read the access log or approve governance records. The very first system
administrator and data protection officer are set up on the server (`role_bootstrap`, used by
`manage.py bootstrap_role` and the demo seed), only while nobody holds that role.
"""

import datetime

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from knox.models import AuthToken

from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.core.history import save_with_history
from anpr_governance.core.text import text_or_refuse

from . import journal
from .models import RoleChange, User
from .permissions import require_named_role, require_not_same_person
from .roles import ADMINISTRATOR, DPO, Role
from .two_people import REFUSE, second_person_decision

ROLE_APPROVERS = ADMINISTRATOR | DPO
BOOTSTRAP_ROLES = (Role.SYSTEM_ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER)


def _log(actor, action: str, change: RoleChange, *, outcome="allowed", justification=""):
    journal.record(
        actor=actor, action=action, outcome=outcome, subject=f"role-change:{change.pk}", justification=justification,
        details={"user": change.user.get_username(), "role": change.role, "change": change.change},
    )


def _role(value) -> Role:
    try:
        return Role(value)
    except ValueError:
        message = f"“{str(value)[:40]}” is not a role."
        raise DomainError(message, field_errors={"role": [message]}) from None


def _exclusive(user: User, role: Role) -> None:
    """A system administrator holds no other role."""
    held = set(user.groups.values_list("name", flat=True))
    if role == Role.SYSTEM_ADMINISTRATOR and held - {Role.SYSTEM_ADMINISTRATOR}:
        raise DomainError(f"{user.username} holds other roles ({', '.join(sorted(held))}): a system administrator "
                          "holds no other role. Take those away first.")
    if role != Role.SYSTEM_ADMINISTRATOR and Role.SYSTEM_ADMINISTRATOR in held:
        raise DomainError(f"{user.username} is a system administrator, who holds no other role.")


@transaction.atomic
def role_change_propose(*, actor, user: User, role, revoke: bool = False, reason="") -> RoleChange:
    doing = "propose a role change"
    require_named_role(actor, ADMINISTRATOR, doing=doing)
    require_not_same_person(actor, user, doing=doing, their="are the person it concerns")
    role = _role(role)
    reason = text_or_refuse(reason, "reason", "The reason").strip()
    held = role in set(user.groups.values_list("name", flat=True))
    if revoke and not held:
        raise DomainError(f"{user.username} does not hold the role {role}.")
    if not revoke:
        if held:
            raise DomainError(f"{user.username} already holds the role {role}.")
        if not user.is_active:
            raise DomainError(f"{user.username}'s account is not active.")
        _exclusive(user, role)
    if RoleChange.objects.filter(user=user, role=role, status=RoleChange.Status.PENDING).exists():
        raise DomainError(f"A change of {user.username}'s role {role} is already waiting for a decision.")
    change = RoleChange(user=user, role=role, proposed_by=actor, reason=reason,
                        change=RoleChange.Change.REVOKE if revoke else RoleChange.Change.GRANT)
    save_with_history(change, actor=actor, reason="accounts.role.requested")
    _log(actor, "accounts.role.requested", change, justification=reason)
    return change


@transaction.atomic
def role_change_decide(*, actor, change: RoleChange, decision, comment="") -> RoleChange:
    require_named_role(actor, ROLE_APPROVERS, doing="decide role changes")
    change = RoleChange.objects.select_for_update().select_related("user").get(pk=change.pk)
    comment = second_person_decision(actor, change, name=f"Role change {change.pk}", decision=decision,
                                     comment=comment, refused="change")
    change.decided_by, change.decided_at, change.decision_comment = actor, timezone.now(), comment
    if decision == REFUSE:
        change.status = RoleChange.Status.REFUSED
        save_with_history(change, actor=actor, reason="accounts.role.refused")
        _log(actor, "accounts.role.refused", change, outcome="refused", justification=comment)
        return change
    group = Group.objects.get(name=change.role)
    user = change.user
    if change.change == RoleChange.Change.GRANT:
        _exclusive(user, Role(change.role))
        user.groups.add(group)
        action = "accounts.role.granted"
    else:
        user.groups.remove(group)
        action = "accounts.role.revoked"
    user._history_user, user._change_reason = actor, action
    change.status = RoleChange.Status.APPROVED
    save_with_history(change, actor=actor, reason=action)
    _log(actor, action, change, justification=comment)
    return change


@transaction.atomic
def role_bootstrap(*, user: User, role, reason: str = "Set up on the server.") -> RoleChange:
    """The first system administrator or data protection officer, set up by the server's operator
    while nobody holds that role (afterwards, two people). Logged as the system."""
    role = _role(role)
    if role not in BOOTSTRAP_ROLES:
        raise DomainError(f"Only a {' or a '.join(r.value.lower() for r in BOOTSTRAP_ROLES)} is set up on the "
                          "server; other roles are proposed and approved by two people.")
    if User.objects.filter(is_active=True, groups__name=role).exists():
        raise DomainError(f"Someone already holds the role {role}: propose the change on the Roles page, "
                          "where another person approves it.")
    _exclusive(user, role)
    now = timezone.now()
    change = RoleChange(user=user, role=role, proposed_by=None, reason=reason, status=RoleChange.Status.APPROVED,
                        decided_at=now)
    save_with_history(change, actor=None, reason="accounts.role.granted")
    user.groups.add(Group.objects.get(name=role))
    _log(None, "accounts.role.granted", change, justification=reason)
    return change


# --- API tokens -------------------------------------------------------------------------------
# django-rest-knox: only a hash of each token is stored; a token expires after
# ANPR_API_TOKEN_DAYS; it is created by its owner alone (shown once) and can be revoked.


@transaction.atomic
def api_token_create(*, actor) -> tuple[AuthToken, str]:
    """A new API token for `actor` themselves; the token text is returned once and not kept."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise NotPermitted("You must be signed in to create an API token.")
    instance, token = AuthToken.objects.create(
        user=actor, expiry=datetime.timedelta(days=settings.ANPR_API_TOKEN_DAYS))
    journal.record(actor=actor, action="accounts.token.created", subject=f"token:{instance.token_key}",
                   details={"user": actor.get_username(), "expires_at": instance.expiry.isoformat()})
    return instance, token


@transaction.atomic
def api_token_revoke(*, actor, token_key: str) -> None:
    """Revoke one of the actor's own tokens (by its first characters, as listed)."""
    instance = AuthToken.objects.filter(user=actor, token_key=token_key).first() if actor.is_authenticated else None
    if instance is None:
        raise NotPermitted("That is not one of your API tokens.")
    instance.delete()
    journal.record(actor=actor, action="accounts.token.revoked", subject=f"token:{token_key}",
                   details={"user": actor.get_username()})


# --- passwords ----------------------------------------------------------------------------------
# Nobody sets another person's password: a new account, or a forgotten password, gets a link
# (Django's password-reset token: single use, as it changes with the password, and expiring after
# PASSWORD_RESET_TIMEOUT) sent to the person's own e-mail address, and the sending is logged.


def password_link_send(*, actor, user: User) -> None:
    """E-mail `user` a link to choose their password. `actor` None is a command run on the server."""
    if actor is not None:
        require_named_role(actor, ADMINISTRATOR, doing="send a password link")
    if not user.email:
        raise DomainError(f"{user.username} has no e-mail address: add one, then send the link.")
    if not user.is_active:
        raise DomainError(f"{user.username}'s account is not active.")
    path = reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)})
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    send_mail(
        "Choose your password for ANPR Governance",
        f"Hello {user.get_full_name() or user.username},\n\nChoose your password here (your username is "
        f"{user.username}):\n\n{settings.ANPR_SITE_URL}{path}\n\nThe link works once, within {hours} hours. If you "
        "did not expect it, tell your system administrator.\n",
        None, [user.email],
    )
    journal.record(actor=actor, action="accounts.password.link_sent", subject=f"user:{user.username}",
                   details={"user": user.username})


# --- sign-in lockout ----------------------------------------------------------------------------


@transaction.atomic
def sign_in_unlock(*, actor, user: User) -> int:
    """A system administrator lifts a sign-in lockout (django-axes) before it runs out; logged."""
    require_named_role(actor, ADMINISTRATOR, doing="unlock sign-in")
    cleared = axes_reset(username=user.get_username())
    journal.record(actor=actor, action="accounts.signin.unlocked", subject=f"user:{user.username}",
                   result_count=cleared, details={"user": user.username})
    return cleared
