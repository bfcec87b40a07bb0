"""The service's frame: sign in, navigation by role, and error pages in the service's style."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_signing_in_with_the_right_password_lands_on_the_home_page(client, officer):
    response = client.post(reverse("login"), {"username": "officer", "password": "correct horse battery"})
    assert response.status_code == 302 and response.url == reverse("home")
    assert "Signed in as" in client.get(reverse("home")).content.decode()


def test_a_wrong_password_is_reported_in_an_error_summary_and_keeps_the_username(client, officer):
    response = client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and 'value="officer"' in page


def test_signing_out_needs_a_post_and_ends_the_session(client, officer):
    client.force_login(officer)
    assert client.post(reverse("logout")).status_code == 302
    assert "Signed in as" not in client.get(reverse("home")).content.decode()


def test_the_system_administrator_is_offered_administration_and_an_officer_is_not(client, officer, sysadmin):
    client.force_login(sysadmin)
    assert 'href="/admin/"' in client.get(reverse("home")).content.decode()
    client.force_login(officer)
    assert 'href="/admin/"' not in client.get(reverse("home")).content.decode()


def test_an_unknown_page_is_a_404_in_the_service_style(client, officer):
    client.force_login(officer)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
