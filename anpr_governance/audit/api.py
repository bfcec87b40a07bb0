"""The access log API, under /api/v1/audit/: read and export, for auditors and the DPO only."""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.views import APIView

from anpr_governance.accounts.permissions import can_read_access_log

from .exports import csv_lines, with_sites
from .forms import AccessLogFilterForm
from .models import AccessLogEntry
from .selectors import access_log_for
from .services import access_log_export


class CanReadAccessLog(BasePermission):
    message = "Only an auditor or the data protection officer may read the access log."

    def has_permission(self, request, view):
        return can_read_access_log(request.user)


class AccessLogEntrySerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_name")
    sites = serializers.SerializerMethodField(help_text="Sites the entry concerns, with how many reads of each.")

    class Meta:
        model = AccessLogEntry
        fields = [
            "sequence", "at", "actor", "action", "outcome", "vrm", "purpose", "reference", "justification",
            "result_count", "subject", "details", "sites", "previous_hash", "hash",
        ]

    def get_sites(self, entry) -> list[dict]:
        return [{"site": link.site.reference, "reads": link.reads} for link in entry.site_links.all()]


FILTERS = [
    OpenApiParameter("action", str, description="An action, or a prefix ending in '.' (reads.authorisation.)."),
    OpenApiParameter("outcome", str, enum=["allowed", "refused"]),
    OpenApiParameter("actor", str, description="Username."),
    OpenApiParameter("vrm", str),
    OpenApiParameter("purpose", str),
    OpenApiParameter("reference", str, description="Contained, case-insensitive."),
    OpenApiParameter("since", OpenApiTypes.DATE, description="From this day (UK), inclusive."),
    OpenApiParameter("until", OpenApiTypes.DATE, description="To this day (UK), inclusive."),
]


def _filters(params) -> dict:
    form = AccessLogFilterForm(params)
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return form.filters()


@extend_schema(summary="Read the access log, newest first", tags=["audit"], parameters=FILTERS)
class AccessLogView(ListAPIView):
    serializer_class = AccessLogEntrySerializer
    permission_classes = [IsAuthenticated, CanReadAccessLog]

    def get_queryset(self):
        return access_log_for(self.request.user, **_filters(self.request.query_params)).prefetch_related(
            "site_links__site"
        )


class AccessLogExportView(APIView):
    permission_classes = [IsAuthenticated, CanReadAccessLog]

    @extend_schema(
        summary="Export the access log as CSV (the export is logged)",
        tags=["audit"],
        parameters=FILTERS,
        request=None,
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="One row per entry.")},
    )
    def post(self, request):
        record, entries = access_log_export(actor=request.user, filters=_filters(request.query_params))
        return csv_response(record, entries)


def csv_response(record, entries) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(with_sites(entries)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="access-log-export-{record.sequence}.csv"'
    return response
