from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Method(models.TextChoices):
    LETTER = "letter", "Letter or e-mail to named consultees"
    PUBLIC_MEETING = "public_meeting", "Public meeting"
    ONLINE_SURVEY = "online_survey", "Online survey"
    STAKEHOLDER_MEETING = "stakeholder_meeting", "Stakeholder meeting"
    OTHER = "other", "Other"


class PublicPurpose(models.TextChoices):
    """Why the force proposes the cameras, in words for residents (shown on the public page)."""

    SERIOUS_CRIME = "serious_crime", "Detecting and disrupting serious and organised crime"
    LOCAL_CRIME = "local_crime", "Tackling local crime"
    CRIME_PREVENTION = "crime_prevention", "Preventing and reducing crime"
    ROAD_SAFETY = "road_safety", "Keeping roads safe from uninsured and dangerous drivers"
    COMMUNITY_CONFIDENCE = "community_confidence", "Reassuring the community"


class Consultation(models.Model):
    """Consultation with people and organisations with a reasonable interest in a site."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    site = models.ForeignKey("sites.Site", on_delete=models.PROTECT, related_name="consultations")
    method = models.CharField(max_length=30, choices=Method.choices)
    summary = models.TextField(help_text="What was consulted on, without disclosing the camera location.")
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    # "You said, we did": what the responses changed, published when closed.
    outcome = models.TextField(blank=True)
    # Published on /consult/ when the public summary is written: what residents are told.
    # Never the location description, grid reference or cameras.
    public_summary = models.TextField(blank=True)
    public_purpose = models.CharField(max_length=30, choices=PublicPurpose.choices, blank=True)
    respond_by = models.DateField(null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()
    # Names the record on its site's history page ("?record=consultation-12").
    history_key = "consultation"

    class Meta:
        ordering = ["site", "-opened_on", "-id"]

    def __str__(self):
        return f"Consultation on {self.site.reference} opened {self.opened_on:%d %b %Y}"

    @property
    def is_public(self) -> bool:
        return bool(self.public_summary)

    def accepts_replies(self, today) -> bool:
        in_time = self.respond_by is None or today <= self.respond_by
        return self.is_public and self.state == self.State.OPEN and in_time


class Consultee(models.Model):
    class Kind(models.TextChoices):
        RESIDENT = "resident", "Resident"
        BUSINESS = "business", "Business"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        PARISH_COUNCIL = "parish_council", "Parish or town council"
        ELECTED_REPRESENTATIVE = "elected_representative", "Elected representative"
        COMMUNITY_GROUP = "community_group", "Community group"
        STATUTORY_BODY = "statutory_body", "Statutory body"
        OTHER = "other", "Other"

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="consultees")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    consulted_on = models.DateField()
    history = HistoricalRecords()
    # Names the record on its site's history page ("?record=consultee-12").
    history_key = "consultee"

    class Meta:
        ordering = ["consulted_on", "id"]

    def __str__(self):
        return self.name


class ConsultationResponse(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="responses")
    consultee = models.ForeignKey(Consultee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    respondent = models.CharField(max_length=200, help_text="Name or description of who responded.")
    received_on = models.DateField()
    response = models.TextField()
    history = HistoricalRecords()
    # Names the record on its site's history page ("?record=response-12").
    history_key = "response"

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self):
        return f"Response from {self.respondent}"


class PublicReply(models.Model):
    """A reply left by a member of the public on the consultation's public page. It joins the
    consultation record (as a ConsultationResponse) only once a governance officer approves it."""

    class State(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="public_replies")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)  # for the force to reply; never published
    # Sanitised HTML (consultations.sanitise.clean_comment): only the founding page's tags.
    comment = models.TextField()
    received_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_reason = models.TextField(blank=True)
    # The entry an approval adds to the consultation record.
    response = models.OneToOneField(
        ConsultationResponse, null=True, blank=True, on_delete=models.PROTECT, related_name="public_reply"
    )
    history = HistoricalRecords()
    # Names the record on its site's history page ("?record=reply-12").
    history_key = "reply"

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name_plural = "public replies"

    def __str__(self):
        return f"Public reply from {self.name} ({self.get_state_display()})"


class ExemptionGround(models.TextChoices):
    ALERT_OFFENDERS = "alert_offenders", "Consulting would alert offenders"
    COVERT_OR_TEMPORARY = "covert_or_temporary", "Consulting would reveal a covert or temporary deployment"
    OPERATIONAL_SECURITY = "operational_security", "Operational security"
    OTHER = "other", "Other (explained in the reasoning)"


class ConsultationExemption(models.Model):
    """A recorded decision not to consult because consulting would defeat the policing purpose.

    An approved exemption holds until `valid_until` (the site's next review at most) and
    lapses at a material change (the cameras differ from `cameras_at_approval`): see
    `lapse_reason`."""

    class State(models.TextChoices):
        PENDING = "pending", "Awaiting decision"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    site = models.ForeignKey("sites.Site", on_delete=models.PROTECT, related_name="exemptions")
    ground = models.CharField(max_length=30, choices=ExemptionGround.choices, default=ExemptionGround.OTHER)
    reason = models.TextField()
    valid_until = models.DateField(null=True, blank=True)
    cameras_at_approval = models.JSONField(default=list, blank=True)
    # Set when a review finds the exemption no longer holds (consultations.services.exemption_end).
    ended_on = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    history = HistoricalRecords()
    # Names the record on its site's history page ("?record=exemption-12").
    history_key = "exemption"

    class Meta:
        ordering = ["site", "-requested_at"]
        permissions = [("approve_consultationexemption", "Can approve or refuse a consultation exemption")]

    def __str__(self):
        return f"Exemption for {self.site.reference} ({self.get_state_display()})"

    def lapse_reason(self, today, active_cameras: list[str], material_changes) -> str | None:
        """Why this approved exemption no longer holds, or None while it does. `material_changes`
        are the site's recorded moves and location-type changes (sites.MaterialChange), which the
        set of cameras does not show."""
        if self.ended_on is not None and today >= self.ended_on:
            return f"a review found on {self.ended_on:%-d %B %Y} that it no longer holds"
        if self.valid_until is not None and today > self.valid_until:
            return f"it expired on {self.valid_until:%-d %B %Y}"
        if sorted(self.cameras_at_approval) != sorted(active_cameras):
            return "the cameras have changed since it was approved (a material change)"
        since = [c.summary for c in material_changes if self.decided_at is None or c.recorded_at > self.decided_at]
        if since:
            return f"the site has changed since it was approved ({'; '.join(since)}: a material change)"
        return None
