"""schemathesis against the OpenAPI schema (issue 16, point 5): every operation, as a person whose
role reaches it (the first such column of tests/access/matrix.py OPERATIONS, by API token; a feed's
token for ingestion), gets generated requests, valid and not; no answer is a 5xx, and every answer
conforms to the schema (content type, headers, body; undocumented status codes such as 404
for a page past the end are not checked: the schema does not list them yet). Bounded and
derandomized: the same few examples every run, so CI stays fast and a failure repeats."""

import pytest
import requests
import schemathesis
from access.matrix import BAD, COLUMNS, MADE, OK, OPERATIONS
from django.db import transaction
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

from anpr_governance.accounts.services import api_token_create
from anpr_governance.reads.services import feed_create

EXAMPLES = 12
CHECKS = [not_a_server_error, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
SCHEMA = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
REACHES = (OK, BAD, MADE)


def reaching_column(operation) -> str:
    if operation == ("POST", "/api/v1/reads/ingest/"):
        return "feed"
    return next(column for column, outcome in zip(COLUMNS, OPERATIONS[operation], strict=True)
                if column != "anonymous" and outcome in REACHES)


def send(case, token: str) -> Response:
    """The case through Django's test client (in this thread and transaction), with our token
    in place of whatever authentication schemathesis generated."""
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    kwargs.pop("cookies", None)
    headers = {name: value for name, value in kwargs.pop("headers").items()
               if name.lower() not in ("authorization", "cookie")}
    headers["Authorization"] = token
    prepared = requests.Request(headers=headers, **kwargs).prepare()
    path = prepared.path_url
    body = prepared.body or b""
    answer = Client(raise_request_exception=False).generic(
        prepared.method, path, data=body.encode() if isinstance(body, str) else body,
        content_type=prepared.headers.get("Content-Type", ""), headers={"Authorization": token})
    return Response(status_code=answer.status_code,
                    headers={name: [value] for name, value in answer.headers.items()},
                    content=b"".join(answer.streaming_content) if answer.streaming else answer.content,
                    request=prepared, elapsed=0.0, verify=False)


@pytest.mark.parametrize("operation", sorted(OPERATIONS), ids=" ".join)
def test_operation_answers_within_its_schema(operation, records, db):
    method, path = operation
    column = reaching_column(operation)
    if column == "feed":
        _feed, raw = feed_create(actor=records["people"]["sysadmin"], site=records["site"], name="Fuzzing feed")
        token = f"Bearer {raw}"
    else:
        token = f"Token {api_token_create(actor=records['people'][column])[1]}"

    @hypothesis_settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                         phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=SCHEMA[path][method].as_strategy())
    def check(case):
        with transaction.atomic():
            response = send(case, token)
            transaction.set_rollback(True)
        case.validate_response(response, checks=CHECKS)

    check()
