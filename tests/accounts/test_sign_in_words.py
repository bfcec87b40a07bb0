"""The sign-in page speaks GOV.UK (issue 12, point 7): it said "This field is required."
twice, and Django's own text for a wrong password."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_empty_sign_in_asks_for_each_field_by_name(client):
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    html = response.content.decode()
    assert "Enter your username" in html and "Enter your password" in html
    assert "This field is required." not in html


def test_a_wrong_password_is_said_plainly_and_the_username_kept(client, officer):
    response = client.post("/accounts/login/", {"username": officer.username, "password": "not it"})
    html = response.content.decode()
    assert "Enter a correct username and password" not in html
    assert "The username or password is not right" in html
    assert f'value="{officer.username}"' in html
