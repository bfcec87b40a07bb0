from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from .roles import Role


class User(AbstractUser):
    """A member of staff. Roles are Django groups (see roles.Role)."""

    # Role grants (groups) are part of the history: who gave whom which role, and when.
    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=["groups"])

    def __str__(self):
        return self.get_full_name() or self.username

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
