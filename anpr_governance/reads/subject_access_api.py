"""The subject access API, under /api/v1/dpo/: the data protection officer opens a request
(the reads held are returned) and produces the response, withholding reads with a reason.
Refusals are answered by core.api.exception_handler; a refused attempt is logged."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from anpr_governance.accounts.permissions import require_named_role
from anpr_governance.accounts.roles import DPO

from . import services
from .api import DetailSerializer
from .models import SubjectAccessRequest
from .services.subject_access import reads_held


class SubjectAccessRequestSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text="The SAR reference (ANPR_SAR_REFERENCE_PATTERN), e.g. SAR-2026-0012.")
    vrm = serializers.CharField()
    identity_verification = serializers.CharField(
        help_text="How the requester's identity and keepership of the vehicle were verified.")


class HeldReadSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Names the read to withhold it.")
    read_at = serializers.DateTimeField()
    site = serializers.CharField(help_text="The site's reference (never its restricted location).")
    policing_area = serializers.CharField()
    withheld_reason = serializers.CharField()


class SubjectAccessSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    vrm = serializers.CharField()
    state = serializers.CharField()
    reads = HeldReadSerializer(many=True)


class DiscloseSerializer(serializers.Serializer):
    withhold = serializers.ListField(child=serializers.CharField(), required=False, help_text="Keys of reads.")
    reason = serializers.CharField(required=False, help_text="Why the reads in `withhold` are withheld.")


def _body(sar: SubjectAccessRequest) -> dict:
    return SubjectAccessSerializer({"id": sar.pk, "reference": sar.reference, "vrm": sar.vrm, "state": sar.state,
                                    "reads": reads_held(sar)}).data


class SubjectAccessView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Open a subject access request: the reads held of a VRM within retention", tags=["dpo"],
                   request=SubjectAccessRequestSerializer,
                   responses={201: SubjectAccessSerializer, 400: DetailSerializer, 403: DetailSerializer})
    def post(self, request):
        data = request.data if isinstance(request.data, dict) else {}
        sar = services.subject_access_search(actor=request.user, reference=data.get("reference"),
                                             vrm=data.get("vrm"),
                                             identity_verification=data.get("identity_verification"))
        return Response(_body(sar), status=status.HTTP_201_CREATED)


class SubjectAccessDiscloseView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Produce the response to a subject access request", tags=["dpo"],
                   request=DiscloseSerializer,
                   responses={200: SubjectAccessSerializer, 400: DetailSerializer, 403: DetailSerializer})
    def post(self, request, pk: int):
        require_named_role(request.user, DPO, doing="answer subject access requests")
        sar = SubjectAccessRequest.objects.filter(pk=pk).first()
        if sar is None:
            raise NotFound("No such subject access request.")
        data = request.data if isinstance(request.data, dict) else {}
        withhold = data.get("withhold") or []
        sar = services.subject_access_disclose(actor=request.user, sar=sar,
                                               withhold=[str(k) for k in withhold] if isinstance(withhold, list)
                                               else [], reason=str(data.get("reason") or ""))
        return Response(_body(sar))
