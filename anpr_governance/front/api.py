"""The machine-facing, read-only API of camera sites (staff only), each with its decommissioning
flags: it composes sites and reviews, so it lives here with the pages that do the same."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError

from anpr_governance.accounts.permissions import LOCATION_PERMISSION, can_view_location, can_view_sites
from anpr_governance.reviews.selectors import site_flags, sites_with_flags
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import RESTRICTED_LOCATION_FIELDS, Site

RESTRICTED_HELP = f"Restricted: present only for users with the {LOCATION_PERMISSION} permission."


class CanViewSites(permissions.BasePermission):
    """Signed-in staff holding sites.view_site: every role has it; a user without a role does not."""

    message = "You need a role with access to the register of sites."

    def has_permission(self, request, view):
        return can_view_sites(request.user)


class SiteFlagSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="The rule that raised the flag.")
    reason = serializers.CharField(help_text="Why, in words.")


class SiteSerializer(serializers.ModelSerializer):
    """A camera site. Its location fields are present only for readers allowed to see locations."""

    # The restricted location fields are left out (absent, not null) unless the context says
    # `include_location`, which the view sets from the reader's permission.

    policing_area = serializers.CharField(source="policing_area.name", read_only=True)
    cameras = serializers.SerializerMethodField(help_text="Identifiers of the cameras in place at the site.")
    flags = serializers.SerializerMethodField(help_text="Warnings about the site's governance.")
    # Not read-only only so that the schema can mark them optional; the API never writes.
    location_description = serializers.CharField(required=False, help_text=RESTRICTED_HELP)
    grid_reference = serializers.CharField(required=False, help_text=RESTRICTED_HELP)

    class Meta:
        model = Site
        fields = [
            "reference",
            "name",
            "status",
            "policing_area",
            "location_type",
            "next_review_due",
            "flags",
            "cameras",
            *RESTRICTED_LOCATION_FIELDS,
        ]
        read_only_fields = ["reference", "name", "status", "location_type", "next_review_due"]

    def get_fields(self):
        fields = super().get_fields()
        if not self.context.get("include_location", False):
            for name in RESTRICTED_LOCATION_FIELDS:
                fields.pop(name, None)
        return fields

    def get_cameras(self, site: Site) -> list[str]:
        cameras = getattr(site, "active_cameras", None)
        if cameras is None:  # not loaded through sites_for_user
            cameras = site.cameras.filter(removed_on__isnull=True).order_by("identifier")
        return [camera.identifier for camera in cameras]

    @extend_schema_field(SiteFlagSerializer(many=True))
    def get_flags(self, site: Site) -> list[dict]:
        return site_flags(site)


@extend_schema_view(
    list=extend_schema(
        summary="List camera sites",
        tags=["sites"],
        parameters=[
            OpenApiParameter("status", str, enum=Status.values, description="Only sites in this status."),
            OpenApiParameter("policing_area", str, description="Only sites in the policing area with this code."),
        ],
    ),
    retrieve=extend_schema(summary="One camera site, by its reference", tags=["sites"]),
)
class SiteViewSet(viewsets.ReadOnlyModelViewSet):
    """Camera sites. Locations appear only for readers allowed to see them."""

    serializer_class = SiteSerializer
    permission_classes = [CanViewSites]
    lookup_field = "reference"

    def get_queryset(self):
        if self.action != "list":
            return sites_with_flags(self.request.user)
        status = self.request.query_params.get("status") or None
        if status is not None and status not in Status.values:
            raise ValidationError({"status": [f"Unknown status {status!r}: use one of {', '.join(Status.values)}."]})
        area = self.request.query_params.get("policing_area") or None
        return sites_with_flags(self.request.user, status=status, policing_area=area)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        # Schema generation documents every field; a real request shows what the reader may see.
        context["include_location"] = getattr(self, "swagger_fake_view", False) or can_view_location(
            self.request.user
        )
        return context
