"""The pack verification upload (issue 11, point 7): only for the roles that build packs, and a
file over the limit is refused, with a clear message, before any of it is written to disk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.urls import reverse

pytestmark = pytest.mark.django_db

RECEIVED: list[int] = []


class RecordingHandler(FileUploadHandler):
    """Stands right after the project's size check, before Django's memory and disk handlers:
    records every byte of a file that would reach them."""

    def receive_data_chunk(self, raw_data, start):
        RECEIVED.append(len(raw_data))
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.mark.parametrize("role", ["officer", "investigator", "authoriser", "sysadmin"])
def test_only_the_roles_that_build_packs_may_upload(client, request, role):
    """Reproduces the hole: every role could upload a file to the verification page."""
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("reports:verify")).status_code == 403
    response = client.post(reverse("reports:verify"), {"pack": SimpleUploadedFile("p.pdf", b"%PDF-1.4\n")})
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["auditor", "manager", "dpo"])
def test_the_roles_that_build_packs_check_files(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("reports:verify")).status_code == 200


def test_a_file_over_the_limit_is_refused_before_it_is_written(client, auditor, settings):
    settings.ANPR_UPLOAD_MAX_MB = 1
    first, *rest = settings.FILE_UPLOAD_HANDLERS
    settings.FILE_UPLOAD_HANDLERS = [first, f"{__name__}.RecordingHandler", *rest]
    RECEIVED.clear()
    client.force_login(auditor)
    response = client.post(reverse("reports:verify"),
                           {"pack": SimpleUploadedFile("p.pdf", b"%PDF-1.4\n" + b"x" * (2 * 1024 * 1024))})
    assert response.status_code == 400
    assert "The selected file must be smaller than 1 MB." in response.content.decode()
    assert RECEIVED == []


def test_a_file_within_the_limit_reaches_the_check(client, auditor, settings):
    settings.ANPR_UPLOAD_MAX_MB = 1
    client.force_login(auditor)
    response = client.post(reverse("reports:verify"), {"pack": SimpleUploadedFile("p.pdf", b"%PDF-1.4\nx\n")})
    assert response.status_code == 200 and "Not a genuine pack" in response.content.decode()
