from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from . import risk_matrix
from .dpia_sections import SensitiveCondition
from .grounds import Ground


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


EDITABLE = (DocumentStatus.DRAFT, DocumentStatus.RETURNED)


class VersionedDocument(models.Model):
    """A per-site document that is drafted, submitted and decided, one version at a time.
    A new version supersedes the approved one; nothing is deleted."""

    site = models.ForeignKey("sites.Site", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency (core.concurrency): raised by one on every save through
    # save_with_history; a form sends back the value it was drawn from.
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True
        ordering = ["site", "-version"]

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class Assessment(VersionedDocument):
    """The in-depth assessment that justifies a site: pressing need, grounds, alternatives,
    measures of success. Grades come from the location type recorded on it."""

    site = models.ForeignKey("sites.Site", on_delete=models.PROTECT, related_name="assessments")
    # The location type the grounds were graded against (copied from the site).
    location_type = models.CharField(max_length=40)

    national_security_claimed = models.BooleanField(default=False)
    national_security_justification = models.TextField(blank=True)
    serious_crime_claimed = models.BooleanField(default=False)
    serious_crime_justification = models.TextField(blank=True)
    local_crime_claimed = models.BooleanField(default=False)
    local_crime_justification = models.TextField(blank=True)
    crime_prevention_claimed = models.BooleanField(default=False)
    crime_prevention_justification = models.TextField(blank=True)
    community_confidence_claimed = models.BooleanField(default=False)
    community_confidence_justification = models.TextField(blank=True)

    pressing_need_evidence = models.TextField(
        blank=True, help_text="Strategic assessment of the policing problem: crime and intelligence figures."
    )
    community_views = models.TextField(blank=True, help_text="Local and wider societal views.")
    alternatives_considered = models.TextField(blank=True, help_text="Less and more intrusive options.")
    measures_of_success = models.TextField(blank=True, help_text="What the review will check.")
    conclusion = models.TextField(blank=True)
    history = HistoricalRecords()
    # Names the record on its site's history page ("?record=assessment-12").
    history_key = "assessment"

    class Meta(VersionedDocument.Meta):
        constraints = [models.UniqueConstraint(fields=["site", "version"], name="assessment_version_unique")]
        permissions = [("approve_assessment", "Can approve or return an in-depth assessment")]

    def __str__(self):
        return f"Assessment v{self.version} for {self.site.reference}"

    def claimed_grounds(self) -> list[str]:
        return [g for g in Ground.values if getattr(self, f"{g}_claimed")]


class ScreeningCriterion(models.TextChoices):
    """Surveillance-camera DPIA template, question 1."""

    PROFILING = "profiling", "Systematic and extensive profiling"
    LARGE_SCALE_SENSITIVE = "large_scale_sensitive", "Large-scale use of sensitive data"
    PUBLIC_MONITORING = "public_monitoring", "Public monitoring"
    INNOVATIVE_TECHNOLOGY = "innovative_technology", "Innovative technology"
    DENIAL_OF_SERVICE = "denial_of_service", "Denial of service"
    BIOMETRICS = "biometrics", "Biometrics"
    DATA_MATCHING = "data_matching", "Data matching"
    INVISIBLE_PROCESSING = "invisible_processing", "Invisible processing"
    TRACKING = "tracking", "Tracking"
    TARGETING_VULNERABLE = "targeting_vulnerable", "Targeting children or vulnerable adults"
    RISK_OF_HARM = "risk_of_harm", "Risk of physical harm"
    SPECIAL_CATEGORY = "special_category", "Special category or criminal offence data"
    AUTOMATED_DECISIONS = "automated_decisions", "Automated decision-making"
    OTHER = "other", "Other"


class PrivacyImpactAssessment(VersionedDocument):
    """The DPIA for a site (DPA 2018 s.64, UK GDPR Art 35(7)) with the ICO step-7 sign-off."""

    site = models.ForeignKey("sites.Site", on_delete=models.PROTECT, related_name="dpias")
    screening_criteria = models.JSONField(default=list, blank=True)
    processing_description = models.TextField(blank=True)
    purposes = models.TextField(blank=True)
    necessity_and_proportionality = models.TextField(blank=True)
    # The rest of the ICO template for law-enforcement processing (assessments.dpia_sections
    # gives their order, labels and which are required). Blank on DPIAs recorded before them.
    nature = models.TextField(blank=True)
    scope = models.TextField(blank=True)
    context = models.TextField(blank=True)
    flow_collection = models.TextField(blank=True)
    flow_storage = models.TextField(blank=True)
    flow_access = models.TextField(blank=True)
    flow_sharing = models.TextField(blank=True, help_text="Sharing with the national ANPR service.")
    retention = models.TextField(blank=True)
    recipients = models.TextField(blank=True)
    lawful_basis = models.TextField(blank=True, help_text="DPA 2018 Part 3: the law-enforcement purpose and basis.")
    # None: not answered yet. True: its Schedule 8 condition and why are required.
    sensitive_processing = models.BooleanField(null=True, blank=True)
    sensitive_condition = models.CharField(max_length=30, choices=SensitiveCondition.choices, blank=True)
    sensitive_condition_explanation = models.TextField(blank=True)
    consultation_plan = models.TextField(blank=True)
    security_measures = models.TextField(blank=True)

    # ICO template step 7: distinct decisions, each with its own person and time
    # (assessments.services, "ICO step 7"); the residual risks' approval is the final sign-off.
    measures_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    measures_approved_at = models.DateTimeField(null=True, blank=True)
    residual_risks_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    residual_risks_approved_at = models.DateTimeField(null=True, blank=True)
    dpo_advised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dpo_advised_at = models.DateTimeField(null=True, blank=True)
    dpo_advice_summary = models.TextField(blank=True)
    dpo_advice_accepted = models.BooleanField(null=True, blank=True)
    dpo_advice_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dpo_advice_decided_at = models.DateTimeField(null=True, blank=True)
    dpo_overrule_reasons = models.TextField(blank=True)
    consultation_responses_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consultation_responses_reviewed_at = models.DateTimeField(null=True, blank=True)
    consultation_changes = models.TextField(blank=True, help_text="What changed as a result of the responses.")
    kept_under_review_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Prior consultation with the ICO (DPA 2018 s.65) while a residual risk is HIGH: the
    # request (reference, date sent), then the written advice or the end of the statutory
    # period (assessments.ico computes it from the date sent and any extension notice).
    ico_consultation_reference = models.CharField(max_length=100, blank=True)
    ico_consulted_on = models.DateField(null=True, blank=True, help_text="Date the request was sent to the ICO.")
    ico_extension_notice_on = models.DateField(null=True, blank=True,
                                               help_text="Date of the ICO's notice extending its period by a month.")
    # The ICO's letter itself is kept as an evidence file on this DPIA (the evidence app,
    # issue 14 point 7): these fields are what the letter says, not the letter.
    ico_advice_received_on = models.DateField(null=True, blank=True)
    ico_advice_summary = models.TextField(blank=True)
    # The active cameras the DPIA was approved for: a change is a material change.
    cameras_at_approval = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()
    # Names the record on its site's history page ("?record=dpia-12").
    history_key = "dpia"

    class Meta(VersionedDocument.Meta):
        verbose_name = "privacy impact assessment"
        constraints = [models.UniqueConstraint(fields=["site", "version"], name="dpia_version_unique")]
        permissions = [
            ("approve_privacyimpactassessment", "Can approve or return a DPIA"),
            ("advise_privacyimpactassessment", "Can give DPO advice on a DPIA"),
        ]

    def __str__(self):
        return f"DPIA v{self.version} for {self.site.reference}"


class Likelihood(models.TextChoices):
    REMOTE = "remote", "Remote"
    POSSIBLE = "possible", "Possible"
    PROBABLE = "probable", "Probable"


class Severity(models.TextChoices):
    MINIMAL = "minimal", "Minimal"
    SIGNIFICANT = "significant", "Significant"
    SEVERE = "severe", "Severe"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Effect(models.TextChoices):
    ELIMINATED = "eliminated", "Eliminated"
    REDUCED = "reduced", "Reduced"
    ACCEPTED = "accepted", "Accepted"


class Risk(models.Model):
    """A row of the DPIA's risk register. Removed rows are kept, marked removed.

    `overall` and `residual` are never typed: save() computes them from likelihood ×
    severity before and after the measures (assessments.risk_matrix)."""

    dpia = models.ForeignKey(PrivacyImpactAssessment, on_delete=models.PROTECT, related_name="risks")
    description = models.TextField()
    likelihood = models.CharField(max_length=20, choices=Likelihood.choices)
    severity = models.CharField(max_length=20, choices=Severity.choices)
    overall = models.CharField(max_length=20, choices=RiskLevel.choices)
    measures = models.TextField(blank=True)
    effect = models.CharField(max_length=20, choices=Effect.choices, blank=True)
    residual_likelihood = models.CharField(max_length=20, choices=Likelihood.choices, blank=True)
    residual_severity = models.CharField(max_length=20, choices=Severity.choices, blank=True)
    # Rows recorded before the one matrix may keep a residual level with no residual
    # likelihood or severity (migration 0004); their next version must give both.
    residual = models.CharField(max_length=20, choices=RiskLevel.choices, blank=True)
    measure_approved = models.BooleanField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)  # see core.concurrency
    history = HistoricalRecords()
    # Names the record on its site's history page ("?record=risk-12").
    history_key = "risk"

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.description[:60]

    def save(self, *args, **kwargs):
        self.compute_levels()
        super().save(*args, **kwargs)

    def compute_levels(self):
        self.overall = risk_matrix.level(self.likelihood, self.severity)
        if self.residual_likelihood or self.residual_severity:
            self.residual = risk_matrix.level(self.residual_likelihood, self.residual_severity)

    def clean_fields(self, exclude=None):
        self.compute_levels()  # before the check that the computed fields are not blank
        super().clean_fields(exclude=exclude)

    @property
    def residual_before_matrix(self) -> bool:
        """A residual level recorded before residual likelihood and severity were asked."""
        return bool(self.residual) and not (self.residual_likelihood and self.residual_severity)
