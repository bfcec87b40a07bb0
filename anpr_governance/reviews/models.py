from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Review(models.Model):
    """A periodic review of a site. Every review considers the impact on privacy."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"
        APPROVED = "approved", "Approved"

    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Continue"
        MODIFY = "modify", "Continue with modifications"
        DECOMMISSION = "decommission", "Decommission"

    site = models.ForeignKey("sites.Site", on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField(db_index=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.SCHEDULED, db_index=True)
    privacy_impact_consideration = models.TextField(blank=True)
    evidence = models.TextField(blank=True, help_text="Measures of success checked, crime and use figures.")
    policing_challenge_continues = models.BooleanField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)  # see core.concurrency
    history = HistoricalRecords()

    class Meta:
        ordering = ["site", "-due_on"]
        permissions = [("approve_review", "Can approve or return a site review")]

    def __str__(self):
        return f"Review of {self.site.reference} due {self.due_on:%d %b %Y}"


class DecommissionChecklist(models.Model):
    """What must be done, with evidence, before a ceased site is decommissioned."""

    ITEMS = ("feed_stopped", "national_registration_removed", "signage_removed", "data_deleted")

    site = models.OneToOneField("sites.Site", on_delete=models.PROTECT, related_name="decommission_checklist")
    feed_stopped_on = models.DateField(null=True, blank=True)
    feed_stopped_evidence = models.TextField(blank=True)
    national_registration_removed_on = models.DateField(null=True, blank=True)
    national_registration_removed_evidence = models.TextField(blank=True)
    signage_removed_on = models.DateField(null=True, blank=True)
    signage_removed_evidence = models.TextField(blank=True)
    data_deleted_on = models.DateField(null=True, blank=True, help_text="At the end of the retention period.")
    data_deleted_evidence = models.TextField(blank=True)
    history = HistoricalRecords()

    def __str__(self):
        return f"Decommissioning checklist for {self.site.reference}"

    def missing_items(self) -> list[str]:
        return [
            item.replace("_", " ")
            for item in self.ITEMS
            if not getattr(self, f"{item}_on") or not getattr(self, f"{item}_evidence").strip()
        ]
