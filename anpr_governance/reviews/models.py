from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Review(models.Model):
    """A periodic review of a site. Every review considers the impact on privacy."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"
        APPROVED = "approved", "Approved"
        # Closed without a decision: collection ceased on a confirmed decommissioning flag.
        WITHDRAWN = "withdrawn", "Withdrawn"

    # States in which a review is still to be completed (a site has at most one).
    OPEN_STATES = (State.SCHEDULED, State.IN_PROGRESS, State.SUBMITTED, State.RETURNED)

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
    # The privacy consideration, in parts (issue 14): notes (the single free-text answer of reviews
    # before the parts were asked, kept as it was written), then the four parts every review answers.
    privacy_impact_consideration = models.TextField("Notes on the impact on privacy", blank=True)
    privacy_intrusion_change = models.TextField("Change in intrusion", blank=True)
    privacy_risks_change = models.TextField("New or changed risks", blank=True)
    privacy_complaints = models.TextField("Complaints", blank=True)
    privacy_measures = models.TextField("Measures", blank=True)
    evidence = models.TextField(blank=True, help_text="Measures of success checked, crime and use figures.")
    policing_challenge_continues = models.BooleanField(null=True, blank=True)
    # Asked when the site goes without consultation on an exemption: does it still hold?
    # "No" ends the exemption when the review is approved.
    exemption_still_holds = models.BooleanField(null=True, blank=True)
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
    # Set by the daily sweep the first day the review is open past its due date (and escalated).
    marked_overdue_on = models.DateField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)  # see core.concurrency
    history = HistoricalRecords()
    # Names the record on its site's history page ("?record=review-12").
    history_key = "review"

    class Meta:
        ordering = ["site", "-due_on"]
        permissions = [("approve_review", "Can approve or return a site review")]
        constraints = [
            # A site has at most one open review, whoever (or whichever sweep) opens it.
            models.UniqueConstraint(
                fields=["site"],
                condition=models.Q(state__in=["scheduled", "in_progress", "submitted", "returned"]),
                name="review_one_open_per_site",
            )
        ]

    def __str__(self):
        return f"Review of {self.site.reference} due {self.due_on:%d %b %Y}"

    @property
    def privacy_parts(self) -> list[tuple[str, str]]:
        """(label, text) of each part of the privacy consideration, notes first (pages, packs)."""
        return [(str(self._meta.get_field(name).verbose_name), getattr(self, name)) for name in PRIVACY_PARTS]


# The parts of a review's privacy consideration, in the order they are shown; the first is the
# notes (the free text of earlier reviews), the others are required on submission.
PRIVACY_NOTES = "privacy_impact_consideration"
PRIVACY_REQUIRED = ("privacy_intrusion_change", "privacy_risks_change", "privacy_complaints", "privacy_measures")
PRIVACY_PARTS = (PRIVACY_NOTES, *PRIVACY_REQUIRED)


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
    # Names the record on its site's history page ("?record=checklist-12").
    history_key = "checklist"

    def __str__(self):
        return f"Decommissioning checklist for {self.site.reference}"

    def missing_items(self) -> list[str]:
        return [
            item.replace("_", " ")
            for item in self.ITEMS
            if not getattr(self, f"{item}_on") or not getattr(self, f"{item}_evidence").strip()
        ]


class FlagDecision(models.Model):
    """An approving manager's decision on a decommissioning flag: confirmed (collection
    ceases at once) or overruled with a reason. An overrule hides the flag while its cause
    (`cause`: the same overdue review, the same expired document, the same camera change)
    stays the same; a new cause raises the flag again."""

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        OVERRULED = "overruled", "Overruled"

    site = models.ForeignKey("sites.Site", on_delete=models.PROTECT, related_name="flag_decisions")
    rule = models.CharField(max_length=40)
    cause = models.CharField(max_length=200)
    flag_reason = models.TextField(help_text="The flag's reason when it was decided.")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["site", "-decided_at"]

    def __str__(self):
        return f"{self.get_decision_display()} {self.rule} flag on {self.site.reference}"


class Notice(models.Model):
    """A notice for one person, shown on their dashboard and e-mailed once.

    The unique constraint on (review, kind, recipient) is what makes the daily sweep send
    nothing twice. E-mails are claimed with a conditional UPDATE (`email_claim`) so that two
    senders never send the same notice."""

    class Kind(models.TextChoices):
        REVIEW_OPENED = "review_opened", "Review opened"
        REMINDER = "reminder", "Review reminder"  # stored as reminder_<days>
        REVIEW_OVERDUE = "review_overdue", "Review overdue"
        REVIEW_ESCALATED = "review_escalated", "Overdue review escalated"
        AUTHORISATION_REQUESTED = "authorisation_requested", "Authorisation requested"
        AUTHORISATION_DECIDED = "authorisation_decided", "Authorisation decided"
        SITE_ASSIGNED = "site_assigned", "Site assigned to you"
        CHAIN_BROKEN = "access_log_broken", "Access log chain broken"

    # Kinds shown in red.
    URGENT = ("review_overdue", "review_escalated", "access_log_broken")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notices")
    # A notice about a site's review has its site; others (authorisations, the access log) name
    # what they are about in `subject` and where to look in `link`.
    site = models.ForeignKey("sites.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.PROTECT, related_name="notices")
    subject = models.CharField(max_length=80, blank=True, help_text="e.g. authorisation:12, chain-check:3")
    link = models.CharField(max_length=200, blank=True, help_text="The page to open, a path such as /reads/…")
    kind = models.CharField(max_length=40)
    message = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # E-mail: the address at the time of the notice (blank: in-app only), the claim, when sent.
    email_to = models.EmailField(blank=True)
    email_claim = models.UUIDField(null=True, blank=True, db_index=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "kind", "recipient"], name="notice_once_per_review_kind_recipient"
            ),
            models.UniqueConstraint(
                fields=["subject", "kind", "recipient"], condition=~models.Q(subject=""),
                name="notice_once_per_subject_kind_recipient",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_unread_idx")]

    def __str__(self):
        return f"{self.kind} for {self.recipient} about {self.site_id}"

    @property
    def href(self) -> str:
        """Where the notice leads: its link, or its site's review and decommissioning page."""
        if self.link:
            return self.link
        return reverse("decommissioning:site", args=[self.site.reference]) if self.site_id else ""

    @property
    def urgent(self) -> bool:
        return self.kind in self.URGENT

    @property
    def kind_label(self) -> str:
        if self.kind.startswith(f"{self.Kind.REMINDER}_"):
            return "Review due soon"
        return self.Kind(self.kind).label if self.kind in self.Kind.values else self.kind


class SweepRun(models.Model):
    """The daily review sweep's log, one row per day: how often it ran and what it did.

    Its row also serialises sweeps: each run starts by updating the day's row, which
    holds the write lock until the run commits, so a second run waits and then finds
    nothing left to do."""

    day = models.DateField(unique=True)
    runs = models.PositiveIntegerField(default=0)
    first_started_at = models.DateTimeField(default=timezone.now)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    reviews_opened = models.PositiveIntegerField(default=0)
    due_dates_set = models.PositiveIntegerField(default=0)
    reminders = models.PositiveIntegerField(default=0)
    marked_overdue = models.PositiveIntegerField(default=0)
    notices = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]

    def __str__(self):
        return f"Review sweep of {self.day:%d %b %Y}"


class FlagEvaluation(models.Model):
    """The flag rules' verdict on one collecting site, kept so that the dashboard and the
    "flagged only" register find flagged sites in the database (reviews/standing_flags.py).

    Derived data, not a record: written by the sweep and, after any change to what the
    rules read, by the hooks in standing_flags; a site whose row is missing, past
    `valid_through`, for other settings, or made with other read activity than the site
    has now is "stale" and judged by the live rules instead. Reasons are not kept: pages
    compute them live for the sites they show."""

    site = models.OneToOneField("sites.Site", on_delete=models.CASCADE, primary_key=True,
                                related_name="flag_evaluation")
    evaluated_on = models.DateField()
    # The rules give the same flags (codes and causes) through this day with time alone.
    valid_through = models.DateField()
    # The standing (not overruled) flags' codes as ",code,code,", or "" when none stands.
    rules = models.CharField(max_length=300, blank=True)
    # What the no_use rule read (reads.Feed and the access log change without hooks).
    read_first_at = models.DateTimeField(null=True, blank=True)
    read_last_at = models.DateTimeField(null=True, blank=True)
    settings_key = models.CharField(max_length=100)

    def __str__(self):
        return f"Flags of site {self.site_id} on {self.evaluated_on}: {self.rules or 'none'}"
