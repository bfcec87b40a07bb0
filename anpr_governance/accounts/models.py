from django.contrib.auth.models import AbstractUser, _user_has_module_perms, _user_has_perm
from django.db import models
from simple_history.models import HistoricalRecords

from .roles import Role


class User(AbstractUser):
    """A member of staff. Roles are Django groups (see roles.Role)."""

    # Role grants (groups) are part of the history: who gave whom which role, and when.
    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=["groups"])

    def __str__(self):
        return self.get_full_name() or self.username

    # Django's own short-circuit (an active superuser has every permission) is not taken:
    # superuser status opens nothing the named roles do not (accounts.backends).
    def has_perm(self, perm, obj=None):
        return _user_has_perm(self, perm, obj)

    def has_perms(self, perm_list, obj=None):
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label):
        return _user_has_module_perms(self, app_label)

    def has_role(self, role: Role) -> bool:
        return self.is_active and role in self.role_names

    @property
    def role_names(self) -> set[str]:
        # Cached per instance: services ask several times per action.
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return self._role_names


class PolicingArea(models.Model):
    """A district or city of the force's area; every site belongs to one."""

    name = models.CharField(max_length=100, unique=True)
    code = models.SlugField(max_length=40, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        # Granted per investigator and area, as an object permission (reads app).
        permissions = [("search_reads", "Can search the reads of every site in this policing area")]

    def __str__(self):
        return self.name


class RoleChange(models.Model):
    """A proposal to give someone a role or take it away, and its decision. Two people: a system
    administrator proposes; a system administrator or the data protection officer, neither the
    proposer nor the person concerned, approves or refuses (accounts.services). Only an approved
    change touches the person's groups."""

    class Change(models.TextChoices):
        GRANT = "grant", "Give"
        REVOKE = "revoke", "Take away"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_changes")
    role = models.CharField(max_length=40, choices=[(r.value, r.value) for r in Role])
    change = models.CharField(max_length=10, choices=Change.choices, default=Change.GRANT)
    reason = models.TextField(blank=True)
    proposed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    help_text="Empty for the first administrator set up on the server.")
    proposed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at"]

    def __str__(self):
        verb = "Give" if self.change == self.Change.GRANT else "Take away"
        return f"{verb} {self.role} {'to' if self.change == self.Change.GRANT else 'from'} {self.user.username}"
