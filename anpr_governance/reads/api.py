"""The read data API, under /api/v1/reads/: ingestion for feeds, searches and authorisations for staff.

Handlers parse, call one service and render. The services check every rule and write the
access log; their refusals are answered by core.api.exception_handler (400 with what is
wrong, 403 when the person may not do it), which keeps a refused search logged.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import get_object_or_404
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, ParseError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from anpr_governance.audit.purposes import AUTHORISABLE_PURPOSE_CHOICES, Purpose
from anpr_governance.core.parsers import BoundedJSONParser

from . import services
from .models import Authorisation, Feed
from .selectors import authorisations_for, feed_for_token

# --- ingestion ------------------------------------------------------------------------------


class FeedTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <feed token>`. The request is the feed's, not a person's."""

    keyword = b"bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword:
            return None
        if len(header) != 2:
            raise AuthenticationFailed("Send the feed's token as: Authorization: Bearer <token>.")
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed("The feed token is not valid.") from None
        feed = feed_for_token(token)
        if feed is None:
            raise AuthenticationFailed("The feed token is not valid.")
        if not feed.is_active:
            raise AuthenticationFailed("The feed's token was revoked.")
        return AnonymousUser(), feed

    def authenticate_header(self, request):
        return 'Bearer realm="feeds"'


class FeedTokenScheme(OpenApiAuthenticationExtension):
    target_class = FeedTokenAuthentication
    name = "feedToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A feed's token, shown once when it is created."}


class IsFeed(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, Feed)


class ReadInSerializer(serializers.Serializer):
    camera = serializers.CharField(help_text="The camera's identifier; it must be at the feed's site.")
    vrm = serializers.CharField(help_text="As read; spaces are removed and letters upper-cased.")
    read_at = serializers.DateTimeField(help_text="ISO 8601 with a time zone, e.g. 2025-01-14T09:30:12.5Z.")
    confidence = serializers.FloatField(required=False, min_value=0, max_value=1)


class IngestRequestSerializer(serializers.Serializer):
    reads = ReadInSerializer(many=True, help_text="Up to ANPR_INGEST_MAX_READS (10,000) reads.")


class RejectionSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position of the read in the request, from 0.")
    reason = serializers.CharField()


class IngestResponseSerializer(serializers.Serializer):
    accepted = serializers.IntegerField(help_text="Reads stored now.")
    duplicates = serializers.IntegerField(help_text="Reads already stored (a resent request), or repeated in it.")
    rejected = RejectionSerializer(many=True)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


class IngestView(APIView):
    authentication_classes = [FeedTokenAuthentication]
    permission_classes = [IsFeed]
    parser_classes = [BoundedJSONParser]

    @extend_schema(
        summary="Deliver a batch of reads from a feed",
        tags=["reads"],
        request=IngestRequestSerializer,
        responses={200: IngestResponseSerializer, 400: DetailSerializer, 401: DetailSerializer},
        description=(
            "Every read is accounted for: accepted + duplicates + len(rejected) is the number sent. A read is "
            "rejected, with its reason, when its camera is not at the feed's site, its VRM is malformed, its time "
            "has no zone, is in the future or older than retention, or the site does not collect reads. Resending "
            "a request stores nothing twice."
        ),
    )
    def post(self, request):
        result = services.reads_ingest(feed=request.auth, body=request.data)
        return Response(result.as_dict())


# --- searches -----------------------------------------------------------------------------------

SearchRequestSerializer = type(
    "SearchRequestSerializer",
    (serializers.Serializer,),
    {
        "vrm": serializers.CharField(),
        "from": serializers.DateTimeField(help_text="ISO 8601; without a zone, UK time."),
        "to": serializers.DateTimeField(help_text="ISO 8601; without a zone, UK time."),
        "purpose": serializers.ChoiceField(choices=Purpose.choices),
        "reference": serializers.CharField(help_text="A crime or incident reference (ANPR_REFERENCE_PATTERN)."),
        "authorisation": serializers.IntegerField(
            required=False, help_text="Needed when the window starts before the standard access window."
        ),
    },
)


class SearchResultSerializer(serializers.Serializer):
    site = serializers.CharField(help_text="The site's reference.")
    camera = serializers.CharField()
    vrm = serializers.CharField()
    read_at = serializers.DateTimeField()


class SearchResponseSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The search's number: its entry in the access log.")
    results = SearchResultSerializer(many=True)


class SearchView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Search the reads of one VRM over a window",
        tags=["reads"],
        request=SearchRequestSerializer,
        responses={201: SearchResponseSerializer, 400: DetailSerializer, 403: DetailSerializer},
        description=(
            "Investigators only, over the sites and policing areas granted to them, with a purpose and a crime or "
            "incident reference. A window starting more than ANPR_STANDARD_ACCESS_DAYS ago needs the number of an "
            "approved, unexpired authorisation covering it. Every search, and every refused attempt, is logged."
        ),
    )
    def post(self, request):
        try:
            data, malformed = request.data, ""
        except ParseError as error:  # still a refused attempt, to be logged by the service
            data, malformed = {}, f"The request body could not be read: {error.detail}"
        except RequestDataTooBig:
            data, malformed = {}, "The request body is too large: a search is a few short fields."
        if not isinstance(data, dict):
            data, malformed = {}, 'The body must be a JSON object: {"vrm": ..., "from": ..., ...}.'
        search = services.read_search(
            actor=request.user, vrm=data.get("vrm"), date_from=data.get("from"), date_to=data.get("to"),
            purpose=data.get("purpose"), reference=data.get("reference"),
            authorisation=data.get("authorisation"), malformed=malformed,
        )
        body = {"id": search.id, "results": SearchResultSerializer(search.results, many=True).data}
        return Response(body, status=status.HTTP_201_CREATED)


class DisclosureRequestSerializer(serializers.Serializer):
    recipient = serializers.CharField(help_text="Who receives the results: a person and their organisation.")
    reason = serializers.CharField(help_text="Why they receive them.")


class DisclosureView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Record the disclosure of a search's results",
        tags=["reads"],
        request=DisclosureRequestSerializer,
        responses={
            201: inline_serializer("Disclosure", {"id": serializers.IntegerField(help_text="Its access log entry.")}),
            400: DetailSerializer, 403: DetailSerializer,
        },
    )
    def post(self, request, search: int):
        data = request.data if isinstance(request.data, dict) else {}
        entry = services.search_disclose(
            actor=request.user, search=search, recipient=data.get("recipient", ""), reason=data.get("reason", "")
        )
        return Response({"id": entry.sequence}, status=status.HTTP_201_CREATED)


# --- authorisations -----------------------------------------------------------------------------


class AuthorisationSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Authorisation
        fields = [
            "id", "status", "vrm", "window_from", "window_to", "purpose", "reference", "reason", "requested_by",
            "requested_at", "decided_by", "decided_at", "decision_comment", "expires_at",
        ]
        read_only_fields = fields


AuthorisationRequestSerializer = type(
    "AuthorisationRequestSerializer",
    (serializers.Serializer,),
    {
        "vrm": serializers.CharField(),
        "from": serializers.DateTimeField(),
        "to": serializers.DateTimeField(),
        "purpose": serializers.ChoiceField(
            choices=AUTHORISABLE_PURPOSE_CHOICES,
            help_text="Safeguarding cannot be authorised for older reads.",
        ),
        "reference": serializers.CharField(),
        "reason": serializers.CharField(help_text="Why reads older than the standard access window are needed."),
    },
)


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "refuse"])
    comment = serializers.CharField(required=False, help_text="Required when refusing.")


class AuthorisationListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="List authorisations",
        tags=["reads"],
        parameters=[OpenApiParameter("status", str, enum=Authorisation.Status.values)],
        responses={200: AuthorisationSerializer(many=True)},
        description="Authorising officers see every request, pending first; investigators their own.",
    )
    def get(self, request):
        authorisations = authorisations_for(request.user, status=request.query_params.get("status") or None)
        return Response(AuthorisationSerializer(authorisations[:500], many=True).data)

    @extend_schema(
        summary="Request an authorisation to search older reads",
        tags=["reads"],
        request=AuthorisationRequestSerializer,
        responses={
            201: inline_serializer(
                "AuthorisationRequested", {"id": serializers.IntegerField(), "status": serializers.CharField()}
            ),
            400: DetailSerializer, 403: DetailSerializer,
        },
    )
    def post(self, request):
        data = request.data if isinstance(request.data, dict) else {}
        authorisation = services.authorisation_request(
            actor=request.user, vrm=data.get("vrm"), date_from=data.get("from"), date_to=data.get("to"),
            purpose=data.get("purpose"), reference=data.get("reference"), reason=data.get("reason", ""),
        )
        return Response({"id": authorisation.pk, "status": authorisation.status}, status=status.HTTP_201_CREATED)


class AuthorisationDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="One authorisation", tags=["reads"], responses={200: AuthorisationSerializer})
    def get(self, request, pk: int):
        authorisation = get_object_or_404(authorisations_for(request.user), pk=pk)
        return Response(AuthorisationSerializer(authorisation).data)


class AuthorisationDecideView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Approve or refuse an authorisation",
        tags=["reads"],
        request=DecisionSerializer,
        responses={200: AuthorisationSerializer, 400: DetailSerializer, 403: DetailSerializer},
        description="Authorising officers only; nobody decides their own request. An approval expires after "
        "ANPR_AUTHORISATION_VALIDITY_DAYS.",
    )
    def post(self, request, pk: int):
        authorisation = get_object_or_404(Authorisation, pk=pk)
        data = request.data if isinstance(request.data, dict) else {}
        authorisation = services.authorisation_decide(
            actor=request.user, authorisation=authorisation, decision=data.get("decision", ""),
            comment=data.get("comment", ""),
        )
        return Response(AuthorisationSerializer(authorisation).data)
