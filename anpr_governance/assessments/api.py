"""The DPIA in the API, read-only: GET /api/v1/sites/<reference>/dpia/ gives the site's current
DPIA (the newest version not superseded) with the ICO template's sections in order (each
marked `missing` when a required one is blank), the risk register with its computed levels,
the step-7 sign-off and the prior consultation with the ICO. Governance roles only."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from anpr_governance.accounts.decorators import NO_GOVERNANCE
from anpr_governance.accounts.permissions import can_view_governance
from anpr_governance.sites.selectors import site_or_404

from . import dpia_sections, selectors
from .models import PrivacyImpactAssessment, Risk


class CanViewGovernance(permissions.BasePermission):
    message = NO_GOVERNANCE

    def has_permission(self, request, view):
        return can_view_governance(request.user)


class SectionFieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    text = serializers.CharField()
    missing = serializers.BooleanField(help_text="A required part of the template left blank.")


class SensitiveSerializer(serializers.Serializer):
    answered = serializers.BooleanField(help_text="Whether the question was answered.")
    arises = serializers.BooleanField()
    condition = serializers.CharField(help_text="DPA 2018 Schedule 8 condition (code), when it arises.")
    condition_label = serializers.CharField()
    explanation = serializers.CharField()
    missing = serializers.BooleanField()


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    fields = SectionFieldSerializer(many=True)
    sensitive = SensitiveSerializer(allow_null=True, help_text="Only in the lawful basis section.")


class RiskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Risk
        fields = ["id", "description", "likelihood", "severity", "overall", "measures", "effect",
                  "residual_likelihood", "residual_severity", "residual", "measure_approved"]


class IcoSerializer(serializers.Serializer):
    state = serializers.CharField(help_text="not_needed, not_requested, awaiting, advice_received or period_ended.")
    state_label = serializers.CharField()
    reference = serializers.CharField()
    sent_on = serializers.DateField(allow_null=True)
    extension_notice_on = serializers.DateField(allow_null=True)
    period_ends_on = serializers.DateField(allow_null=True, help_text="Sent + ANPR_ICO_ADVICE_WEEKS (+ one month "
                                                                      "if extended).")
    advice_received_on = serializers.DateField(allow_null=True)
    advice_summary = serializers.CharField()
    allows_approval = serializers.BooleanField(help_text="Whether the site may be approved as far as the ICO goes.")


class DpiaSerializer(serializers.ModelSerializer):
    site = serializers.CharField(source="site.reference")
    sections = serializers.SerializerMethodField()
    missing_sections = serializers.SerializerMethodField()
    risks = serializers.SerializerMethodField()
    ico_prior_consultation = serializers.SerializerMethodField()

    class Meta:
        model = PrivacyImpactAssessment
        fields = ["site", "version", "status", "screening_criteria", "sections", "missing_sections", "risks",
                  "submitted_at", "dpo_advised_at", "dpo_advice_summary", "dpo_advice_accepted",
                  "dpo_overrule_reasons", "measures_approved_at", "consultation_responses_reviewed_at",
                  "consultation_changes", "residual_risks_approved_at", "decided_at", "ico_prior_consultation"]

    @extend_schema(responses=SectionSerializer(many=True))
    def get_sections(self, dpia) -> list[dict]:
        return SectionSerializer(dpia_sections.rows(dpia), many=True).data

    def get_missing_sections(self, dpia) -> list[str]:
        return dpia_sections.missing_labels(dpia)

    @extend_schema(responses=RiskSerializer(many=True))
    def get_risks(self, dpia) -> list[dict]:
        return RiskSerializer(selectors.active_risks(dpia), many=True).data

    @extend_schema(responses=IcoSerializer)
    def get_ico_prior_consultation(self, dpia) -> dict:
        state = selectors.ico_state(dpia)
        return IcoSerializer({
            "state": state.code, "state_label": state.label, "reference": dpia.ico_consultation_reference,
            "sent_on": dpia.ico_consulted_on, "extension_notice_on": dpia.ico_extension_notice_on,
            "period_ends_on": state.period_ends_on, "advice_received_on": dpia.ico_advice_received_on,
            "advice_summary": dpia.ico_advice_summary, "allows_approval": state.allows_approval,
        }).data


class DpiaView(APIView):
    permission_classes = [CanViewGovernance]

    @extend_schema(summary="The site's current DPIA, in the ICO template's order", tags=["assessments"],
                   responses=DpiaSerializer)
    def get(self, request, reference):
        site = site_or_404(request.user, reference)
        dpia = selectors.current_dpia(site)
        if dpia is None:
            raise NotFound(f"{site.reference} has no privacy impact assessment.")
        return Response(DpiaSerializer(dpia).data)
