"""The evidence files of a site, under /api/v1/sites/<reference>/evidence/: what is held and its
SHA-256, for the governance roles; the bytes only through the download page, which logs it."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated

from anpr_governance.accounts.permissions import can_read_evidence, can_view_governance
from anpr_governance.sites.selectors import site_or_404

from .models import EvidenceFile
from .selectors import evidence_for_site

WITHHELD = "Withheld: the file shows a restricted camera location"


class CanReadEvidence(BasePermission):
    message = ("Only governance roles (officers, approving managers, auditors and the data protection officer) "
               "may read evidence files.")

    def has_permission(self, request, view):
        return can_view_governance(request.user)


class EvidenceFileSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField(help_text="The file's name as uploaded (withheld from a reader who "
                                                       "may not see camera locations, if the file shows one).")
    description = serializers.SerializerMethodField()
    uploaded_by = serializers.CharField(source="uploaded_by.username")
    superseded = serializers.SerializerMethodField(help_text="Replaced by a newer file (kept, never deleted).")
    download = serializers.SerializerMethodField(help_text="The page that serves the file (logged).")

    class Meta:
        model = EvidenceFile
        fields = ["id", "record_kind", "record_id", "kind", "name", "description", "mime_type", "size", "sha256",
                  "restricted", "uploaded_by", "uploaded_at", "superseded", "superseded_by", "superseded_at",
                  "download"]

    def _hidden(self, evidence) -> bool:
        return evidence.restricted and not can_read_evidence(self.context["request"].user, restricted=True)

    def get_name(self, evidence) -> str:
        return WITHHELD if self._hidden(evidence) else evidence.original_name

    def get_description(self, evidence) -> str:
        return "" if self._hidden(evidence) else evidence.description

    def get_superseded(self, evidence) -> bool:
        return not evidence.is_current

    def get_download(self, evidence) -> str:
        return reverse("evidence:download", args=[evidence.site.reference, evidence.pk])


@extend_schema(summary="The evidence files of a site, superseded ones included", tags=["sites"])
class SiteEvidenceView(ListAPIView):
    serializer_class = EvidenceFileSerializer
    permission_classes = [IsAuthenticated, CanReadEvidence]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request to read
            return EvidenceFile.objects.none()
        site = site_or_404(self.request.user, self.kwargs["reference"])
        return evidence_for_site(site).select_related("site").order_by("uploaded_at", "pk")
