"""The machine-facing API of camera sites (staff only), each with its decommissioning flags: it
composes sites and reviews, so it lives here with the pages that do the same. Approving managers
propose sites and record cameras through it with the same services as the pages."""

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from anpr_governance.accounts.models import PolicingArea
from anpr_governance.accounts.permissions import (
    LOCATION_PERMISSION,
    can_view_location,
    can_view_sites,
    require_role,
)
from anpr_governance.accounts.roles import MANAGER
from anpr_governance.reviews.selectors import site_flags, sites_with_flags
from anpr_governance.sites import services
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import RESTRICTED_LOCATION_FIELDS, Camera, LocationType, Site

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


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What was refused and what to change, in words.")
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False,
                                   help_text="Messages by field, when the refusal names fields.")


REFUSALS = {
    400: OpenApiResponse(RefusalSerializer, description="Refused: what to change (nothing was stored)."),
    403: OpenApiResponse(RefusalSerializer, description="Only an approving manager may do this."),
}


class SiteProposalSerializer(serializers.Serializer):
    """A proposed site: it is created in `proposed` with the next free reference."""

    name = serializers.CharField(max_length=200)
    policing_area = serializers.SlugRelatedField(slug_field="code", queryset=PolicingArea.objects.all(),
                                                 help_text="The policing area's code.")
    location_type = serializers.ChoiceField(choices=LocationType.choices)
    location_description = serializers.CharField(required=False, allow_blank=True, default="",
                                                 help_text=RESTRICTED_HELP)
    grid_reference = serializers.CharField(required=False, allow_blank=True, default="", help_text=(
        "Ordnance Survey National Grid reference, e.g. SJ 9234 1567 (stored normalised). " + RESTRICTED_HELP))
    lanes = serializers.IntegerField(min_value=1, max_value=20, default=1)
    pressing_need = serializers.CharField(max_length=500, help_text="The pressing need, in a sentence.")
    review_interval_months = serializers.IntegerField(min_value=1, max_value=60, required=False)


class CameraSerializer(serializers.ModelSerializer):
    """A camera recorded at a site. Its position is restricted, as the site's location."""

    identifier = serializers.CharField(max_length=40)
    installed_on = serializers.DateField(required=False, allow_null=True, default=None)
    location_description = serializers.CharField(required=False, allow_blank=True, default="",
                                                 help_text=RESTRICTED_HELP)

    class Meta:
        model = Camera
        fields = ["identifier", "lane", "direction", "installed_on", "location_description"]
        extra_kwargs = {"lane": {"min_value": 1}, "direction": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        if not self.context.get("include_location", False):
            fields.pop("location_description", None)
        return fields


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
    create=extend_schema(summary="Propose a camera site (approving managers)", tags=["sites"],
                         request=SiteProposalSerializer, responses={201: SiteSerializer, **REFUSALS}),
    cameras=extend_schema(summary="Record a camera at a site (approving managers)", tags=["sites"],
                          request=CameraSerializer, responses={201: CameraSerializer, **REFUSALS}),
)
class SiteViewSet(viewsets.ReadOnlyModelViewSet):
    """Camera sites. Locations appear only for readers allowed to see them. Proposing a site and
    recording a camera call the same services as the pages; a refusal is 403 or 400 with the
    service's sentence (core.api.exception_handler)."""

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

    def create(self, request, *args, **kwargs):
        require_role(request.user, MANAGER, doing="propose a camera site")  # 403 before any 400
        proposal = SiteProposalSerializer(data=request.data)
        proposal.is_valid(raise_exception=True)
        site = services.site_propose(actor=request.user, **proposal.validated_data)
        site = sites_with_flags(request.user).get(pk=site.pk)
        return Response(self.get_serializer(site).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def cameras(self, request, reference=None):
        require_role(request.user, MANAGER, doing="record a camera")
        site = self.get_object()
        context = self.get_serializer_context()
        camera = CameraSerializer(data=request.data, context=context)
        camera.is_valid(raise_exception=True)
        recorded = services.camera_add(actor=request.user, site=site, **camera.validated_data)
        return Response(CameraSerializer(recorded, context=context).data, status=status.HTTP_201_CREATED)
