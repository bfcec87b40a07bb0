from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from .grid import validate_grid_reference
from .lifecycle import Status

RESTRICTED_LOCATION_FIELDS = ("location_description", "grid_reference")
# A camera's own position is restricted in the same way as its site's.
RESTRICTED_CAMERA_FIELDS = ("location_description",)


def default_review_interval():
    return settings.ANPR_REVIEW_INTERVAL_MONTHS


class LocationType(models.TextChoices):
    """The five NASPLE location types that grade the justification grounds."""

    NATIONAL_STRATEGIC_ROAD = "national_strategic_road", "National strategic road network"
    LA_MAJOR_ROAD = "la_major_road", "Local authority major road"
    LA_MINOR_ROAD = "la_minor_road", "Local authority minor road"
    CROWDED_PLACE = "crowded_place", "Crowded place"
    PRIVATE_PLACE = "private_place", "Private place"


class Site(models.Model):
    """A fixed ANPR camera site. Its status changes only through sites.services."""

    reference = models.CharField(
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2,5}-\d{3,4}$", "Use a reference such as STS-017.")],
    )
    name = models.CharField(max_length=200)
    policing_area = models.ForeignKey("accounts.PolicingArea", on_delete=models.PROTECT, related_name="sites")
    location_type = models.CharField(max_length=40, choices=LocationType.choices)
    # Restricted: visible only with sites.view_site_location, never published.
    location_description = models.TextField(blank=True)
    # An Ordnance Survey National Grid reference, normalised by sites.grid ("SJ 9234 1567").
    grid_reference = models.CharField(max_length=20, blank=True, validators=[validate_grid_reference])
    # The pressing social need the site answers, in a sentence (the assessment gives the evidence).
    pressing_need = models.CharField(max_length=500, blank=True)
    lanes = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(20)])
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.PROPOSED, db_index=True)
    governance_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_sites"
    )
    review_interval_months = models.PositiveSmallIntegerField(
        default=default_review_interval, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    next_review_due = models.DateField(null=True, blank=True, db_index=True)
    # Who asked for the deployment to be approved: that person may not approve it.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the site was created by importing a register (sites.register_import): a site
    # taken as it stood may lack the records its lifecycle would have required.
    imported_at = models.DateTimeField(null=True, blank=True)
    # Optimistic concurrency for the details form (core.concurrency).
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords()
    # Names the record on its site's history page ("?record=site-12").
    history_key = "site"

    class Meta:
        ordering = ["reference"]
        permissions = [
            ("view_site_location", "Can see restricted camera site locations"),
            ("assign_site", "Can assign a governance officer to a site"),
            ("approve_site", "Can approve deployments and decommissioning"),
            # Granted per investigator and site, as an object permission (reads app).
            ("search_reads", "Can search the reads of this site"),
        ]

    def __str__(self):
        return f"{self.reference} {self.name}"


class SiteUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Site, on_delete=models.CASCADE)


class SiteGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Site, on_delete=models.CASCADE)


class Camera(models.Model):
    """A camera at a site. Removed cameras are kept, with the date they came down."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="cameras")
    identifier = models.CharField(
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9-]+$", "Use capital letters, digits and hyphens.")],
    )
    lane = models.PositiveSmallIntegerField(default=1)
    direction = models.CharField(max_length=20, blank=True, help_text="e.g. northbound")
    # Restricted, as the site's location: where exactly the camera stands. A move changes it.
    location_description = models.TextField(blank=True)
    installed_on = models.DateField(null=True, blank=True)
    removed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()
    # Names the record on its site's history page ("?record=camera-12").
    history_key = "camera"

    class Meta:
        ordering = ["identifier"]

    def __str__(self):
        return self.identifier

    @property
    def is_active(self) -> bool:
        return self.removed_on is None


class MaterialChange(models.Model):
    """A change that needs a new DPIA but that the set of cameras in place does not show: a
    camera moved, or the site's location type changed (an addition or a removal shows in the
    set, compared with the DPIA's `cameras_at_approval`). Appended by sites.services, never
    changed; the `material_change` flag (reviews.flags) names those made since the approved DPIA."""

    class Kind(models.TextChoices):
        CAMERA_MOVED = "camera_moved", "Camera moved"
        LOCATION_TYPE_CHANGED = "location_type_changed", "Location type changed"

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="material_changes")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # Names the change without restricted locations (flags are shown to every role).
    summary = models.CharField(max_length=300)
    effective_on = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self):
        return f"{self.site_id}: {self.summary}"
