"""The access matrix (tests/access/matrix.py) holds: every URL name and every OpenAPI operation
has a row, and each role's demo login (and anonymous) gets what its row says (issue 16, point 4).
The demo is seeded once for the module; every request runs in a savepoint that is rolled back."""

from functools import partial
from http.cookies import SimpleCookie

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from access.matrix import COLUMNS, GO, IN, OPERATIONS, PAGES
from access.records import path_kwargs
from access.urls_walk import matrix_key, url_names
from anpr_governance.accounts.services import api_token_create

MATRIX_FILE = "tests/access/matrix.py"


@pytest.fixture(scope="module")
def clients(records, django_db_blocker):
    """A test client per column, signed in with a session (pages) and holding an API token."""
    made = {"anonymous": (Client(raise_request_exception=False), "")}
    with django_db_blocker.unblock():
        for column in COLUMNS[1:]:
            user = records["people"][column]
            client = Client(raise_request_exception=False)
            client.force_login(user)
            made[column] = (client, api_token_create(actor=user)[1])
    return made


def fresh(client: Client) -> Client:
    """A copy holding the same session cookie, so that signing out (or any cookie the answer sets)
    leaves the module's clients as they were."""
    copy = Client(raise_request_exception=False)
    copy.cookies = SimpleCookie(client.cookies.output(header="", sep=";"))
    return copy


def outcome(response):
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        return IN if location.startswith((reverse("login"), reverse("admin:login"))) else GO
    return response.status_code


def rolled_back(send):
    with transaction.atomic():
        response = send()
        transaction.set_rollback(True)
    return response


def observed_row(method, results: dict) -> str:
    return f"{method}(" + ", ".join(_symbol(results[column]) for column in COLUMNS) + ")"


def _symbol(value) -> str:
    names = {200: "OK", 403: "NO", 404: "NF", 405: "NA", 401: "UN", 400: "BAD", 201: "MADE", IN: "IN", GO: "GO"}
    return names.get(value, repr(value))


def schema_operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted((method.upper(), path) for path, item in schema["paths"].items() for method in item)


# --- every URL and every operation has a row --------------------------------------------------------


def test_every_url_name_has_a_row():
    walked = list(url_names())
    # The admin's catch-all and per-object redirects carry no name; the admin is one row anyway.
    unnamed = sorted(route for name, route in walked if name is None and not route.startswith("admin/"))
    assert not unnamed, f"URL patterns without a name cannot be in the access matrix; name them: {unnamed}"
    rows = {matrix_key(name): route for name, route in walked if name is not None}
    missing = sorted(set(rows) - set(PAGES))
    assert not missing, (
        f"URL names with no row in {MATRIX_FILE} PAGES (add one saying what each role gets, and their path "
        "arguments to tests/access/records.py PATH_ARGUMENTS): "
        + "; ".join(f"{name} (/{rows[name]})" for name in missing))
    stale = sorted(set(PAGES) - set(rows))
    assert not stale, f"Rows in {MATRIX_FILE} PAGES for URL names that no longer exist: {stale}"


def test_every_api_operation_has_a_row():
    operations = schema_operations()
    missing = [operation for operation in operations if operation not in OPERATIONS]
    assert not missing, f"OpenAPI operations with no row in {MATRIX_FILE} OPERATIONS: {missing}"
    stale = sorted(set(OPERATIONS) - set(operations))
    assert not stale, f"Rows in {MATRIX_FILE} OPERATIONS for operations no longer in the schema: {stale}"
    assert len(operations) >= 15


# --- each row holds -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_row(name, records, clients, db):
    row = PAGES[name]
    url = reverse("admin:index") if name == "admin:*" else reverse(name, kwargs=path_kwargs(name, records))
    results = {}
    for column in COLUMNS:
        client = fresh(clients[column][0])
        send = client.get if row.method == "GET" else client.post
        results[column] = outcome(rolled_back(lambda send=send: send(url)))
    wrong = {column: f"expected {_symbol(want)}, got {_symbol(results[column])}"
             for column, want in row.expected().items() if results[column] != want}
    assert not wrong, f"{row.method} {url} ({name}): {wrong}\nobserved row: {observed_row(row.method, results)}"


def _path(template: str, records) -> str:
    ids = {"authorisations": records["authorisation"].pk, "subject-access": records["sar"].pk}
    path = template.replace("{reference}", records["site"].reference)
    path = path.replace("{search}", str(records["search"].sequence))
    if "{id}" in path:
        collection = path.split("/{id}")[0].rsplit("/", 1)[1]
        path = path.replace("{id}", str(ids[collection]))
    return path


@pytest.mark.parametrize("operation", sorted(OPERATIONS), ids=" ".join)
def test_api_operation_row(operation, records, clients, db):
    method, template = operation
    path = _path(template, records)
    results = {}
    for column in COLUMNS:
        token = clients[column][1]
        client = Client(raise_request_exception=False)  # no session: the token alone
        headers = {"Authorization": f"Token {token}"} if token else {}
        if method == "GET":
            results[column] = outcome(rolled_back(partial(client.get, path, headers=headers)))
        else:
            results[column] = outcome(rolled_back(partial(client.post, path, data={}, content_type="application/json",
                                                          headers=headers)))
    expected = dict(zip(COLUMNS, OPERATIONS[operation], strict=True))
    wrong = {column: f"expected {_symbol(want)}, got {_symbol(results[column])}"
             for column, want in expected.items() if results[column] != want}
    assert not wrong, (f"{method} {path}: {wrong}\nobserved row: "
                       f"({', '.join(_symbol(results[c]) for c in COLUMNS)})")
