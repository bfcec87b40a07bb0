"""The consultation in the API, read-only: GET /api/v1/sites/<reference>/consultation/ gives the
site's current consultation (its dates, state and counts, and "you said, we did" once closed) and
its current exemption from consultation, if any (ground, reasoning, state, expiry and whether it
has lapsed, with why). Governance roles only; never the camera location, nor who replied."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from anpr_governance.accounts.decorators import NO_GOVERNANCE
from anpr_governance.accounts.permissions import can_view_governance
from anpr_governance.sites.selectors import site_or_404

from . import selectors
from .models import Consultation, ConsultationExemption


class CanViewGovernance(permissions.BasePermission):
    message = NO_GOVERNANCE

    def has_permission(self, request, view):
        return can_view_governance(request.user)


class ConsultationSerializer(serializers.ModelSerializer):
    method_label = serializers.CharField(source="get_method_display")
    state_label = serializers.CharField(source="get_state_display")
    consultees = serializers.IntegerField(source="consultee_count", help_text="How many were consulted.")
    responses = serializers.IntegerField(source="response_count", help_text="Responses recorded (approved "
                                                                            "public replies included).")
    public_replies_approved = serializers.IntegerField(source="approved_reply_count")
    you_said_we_did = serializers.SerializerMethodField(help_text="What the responses changed; empty until the "
                                                                  "consultation is closed.")

    class Meta:
        model = Consultation
        fields = ["id", "method", "method_label", "summary", "opened_on", "respond_by", "closed_on", "state",
                  "state_label", "consultees", "responses", "public_replies_approved", "you_said_we_did"]

    def get_you_said_we_did(self, consultation) -> str:
        return consultation.outcome if consultation.state == Consultation.State.CLOSED else ""


class ExemptionSerializer(serializers.ModelSerializer):
    ground_label = serializers.CharField(source="get_ground_display")
    reasoning = serializers.CharField(source="reason", help_text="Why consulting would defeat the policing "
                                                                 "purpose.")
    state_label = serializers.CharField(source="get_state_display")
    requested_by = serializers.CharField(help_text="By name.")
    approved_by = serializers.SerializerMethodField(help_text="By name; null unless approved.")
    expires_on = serializers.DateField(source="valid_until", allow_null=True,
                                       help_text="The site's next review at most (ANPR_EXEMPTION_MONTHS).")
    ended_on = serializers.DateField(allow_null=True, help_text="When a review found it no longer holds.")
    lapsed = serializers.SerializerMethodField(help_text="An approved exemption that no longer holds.")
    lapse_reason = serializers.SerializerMethodField(help_text="Why it lapsed; empty while it holds.")

    class Meta:
        model = ConsultationExemption
        fields = ["id", "ground", "ground_label", "reasoning", "state", "state_label", "requested_by",
                  "requested_at", "approved_by", "decided_at", "decision_comment", "expires_on", "ended_on",
                  "lapsed", "lapse_reason"]

    def get_approved_by(self, exemption) -> str | None:
        approved = exemption.state == ConsultationExemption.State.APPROVED
        return str(exemption.decided_by) if approved and exemption.decided_by else None

    def get_lapsed(self, exemption) -> bool:
        return bool(self.get_lapse_reason(exemption))

    def get_lapse_reason(self, exemption) -> str:
        if exemption.state != ConsultationExemption.State.APPROVED:
            return ""
        return exemption.lapse_reason(timezone.localdate(), self.context["active_cameras"],
                                      self.context["material_changes"]) or ""


class SiteConsultationSerializer(serializers.Serializer):
    site = serializers.CharField()
    consultation = ConsultationSerializer(allow_null=True, help_text="The newest consultation; null if none.")
    exemption = ExemptionSerializer(allow_null=True, help_text="The newest exemption, whatever its state; "
                                                               "null if none was asked for.")


class SiteConsultationView(APIView):
    permission_classes = [CanViewGovernance]

    @extend_schema(summary="The site's current consultation and exemption from consultation",
                   tags=["consultations"], responses=SiteConsultationSerializer)
    def get(self, request, reference):
        site = site_or_404(request.user, reference)
        body = {"site": site.reference, "consultation": selectors.current_consultation(site),
                "exemption": selectors.current_exemption(site)}
        context = {"active_cameras": selectors.active_camera_ids(site),
                   "material_changes": list(site.material_changes.all())}
        return Response(SiteConsultationSerializer(body, context=context).data)
