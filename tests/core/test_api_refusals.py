"""The API's one answer to a refusal of the services (core.api.exception_handler): 400 with
the service's words and errors by field, 403 for who may not, and nothing the request
wrote before the refusal rolled back (a refused search must stay logged)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import path
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from anpr_governance.core.exceptions import DomainError, NotPermitted

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class Refusing(APIView):
    """Writes a row, then fails as the query string says."""

    permission_classes = [AllowAny]
    authentication_classes = []

    def post(self, request):
        how = request.query_params.get("with")
        Group.objects.create(name=f"written before the refusal ({how})")
        match how:
            case "fields":
                raise DomainError("Enter a name. Enter a date.", field_errors={"name": ["Enter a name."],
                                                                               "date": ["Enter a date."]})
            case "message":
                raise DomainError("The consultation is already closed.")
            case "not-permitted":
                raise NotPermitted("Only a governance officer may do that.")
            case "drf":
                raise ValidationError({"name": ["DRF's own."]})
        return Response({})


urlpatterns = [path("refusing/", Refusing.as_view())]


def post(client, how: str):
    return client.post(f"/refusing/?with={how}")


def test_a_domain_error_is_a_400_with_its_message_and_its_errors_by_field(client):
    response = post(client, "fields")
    assert response.status_code == 400
    assert response.json() == {"detail": "Enter a name. Enter a date.",
                               "errors": {"name": ["Enter a name."], "date": ["Enter a date."]}}


def test_a_domain_error_without_fields_has_no_errors_key(client):
    response = post(client, "message")
    assert response.status_code == 400 and response.json() == {"detail": "The consultation is already closed."}


def test_not_permitted_is_a_403_saying_why(client):
    response = post(client, "not-permitted")
    assert response.status_code == 403 and response.json() == {"detail": "Only a governance officer may do that."}


def test_a_refusal_keeps_what_the_request_wrote_before_it(client, settings):
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"]  # the view runs inside the request's transaction
    post(client, "message")
    post(client, "not-permitted")
    assert Group.objects.filter(name__startswith="written before the refusal").count() == 2


def test_other_errors_are_answered_by_drf_in_the_refusal_shape_and_roll_the_request_back(client):
    response = post(client, "drf")
    assert response.status_code == 400
    assert response.json() == {"detail": "Check name: what each needs is in errors.",
                               "errors": {"name": ["DRF's own."]}}
    assert not Group.objects.filter(name__startswith="written before the refusal").exists()
