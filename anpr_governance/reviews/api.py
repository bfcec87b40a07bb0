"""The reviews in the API, read-only: GET /api/v1/sites/<reference>/reviews/ lists the site's
reviews, newest first and paginated like the other lists, each with its dates, the privacy
consideration in its parts, whether an exemption from consultation still holds, the people by name
and the decision. Governance roles only; never the camera location."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.generics import ListAPIView

from anpr_governance.accounts.decorators import NO_GOVERNANCE
from anpr_governance.accounts.permissions import can_view_governance
from anpr_governance.sites.selectors import site_or_404

from .models import Review
from .selectors import reviews_of_site


class CanViewGovernance(permissions.BasePermission):
    message = NO_GOVERNANCE

    def has_permission(self, request, view):
        return can_view_governance(request.user)


class PrivacyConsiderationSerializer(serializers.Serializer):
    notes = serializers.CharField(source="privacy_impact_consideration",
                                  help_text="Free text (all that reviews before the parts recorded).")
    intrusion_change = serializers.CharField(source="privacy_intrusion_change", help_text="Change in intrusion.")
    risks_change = serializers.CharField(source="privacy_risks_change", help_text="New or changed risks.")
    complaints = serializers.CharField(source="privacy_complaints")
    measures = serializers.CharField(source="privacy_measures")


class ReviewSerializer(serializers.ModelSerializer):
    site = serializers.CharField(source="site.reference")
    state_label = serializers.CharField(source="get_state_display")
    outcome_label = serializers.CharField(source="get_outcome_display", help_text="Empty until chosen.")
    privacy_consideration = PrivacyConsiderationSerializer(source="*")
    exemption_still_holds = serializers.BooleanField(
        allow_null=True, help_text="Asked when the site goes without consultation on an exemption; null otherwise.")
    policing_challenge_continues = serializers.BooleanField(allow_null=True)
    reviewer = serializers.CharField(allow_null=True, help_text="By name.")
    submitted_by = serializers.CharField(allow_null=True, help_text="By name.")
    decided_by = serializers.CharField(allow_null=True, help_text="The approving manager, by name.")

    class Meta:
        model = Review
        fields = ["id", "site", "state", "state_label", "due_on", "completed_on", "marked_overdue_on", "reviewer",
                  "privacy_consideration", "evidence", "policing_challenge_continues", "exemption_still_holds",
                  "outcome", "outcome_label", "submitted_by", "submitted_at", "decided_by", "decided_at",
                  "decision_comment"]


@extend_schema(summary="The site's reviews, newest first", tags=["reviews"])
class SiteReviewsView(ListAPIView):
    serializer_class = ReviewSerializer
    permission_classes = [CanViewGovernance]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request to read
            return Review.objects.none()
        return reviews_of_site(site_or_404(self.request.user, self.kwargs["reference"]))
