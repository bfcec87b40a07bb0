"""Fixtures for compliance packs: files go to a temporary MEDIA_ROOT."""

import io

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader

from anpr_governance.reports import services
from anpr_governance.reports.rendering import ATTACHMENT_NAME


@pytest.fixture(autouse=True)
def _packs_in_a_temporary_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def build(db):
    """build(actor, scope="site", site_reference=..., as_at=...) → the built Pack, through the services."""

    def make(actor, scope="site", **kwargs):
        pack = services.pack_request(actor=actor, scope=scope, enqueue=False, **kwargs)
        return services.pack_build(pack_id=pack.pk)

    return make


class ReadPack:
    """A PDF read back: its text, page by page, and its data attachment."""

    def __init__(self, content: bytes):
        self.content = content
        self.reader = PdfReader(io.BytesIO(content))
        self.pages = [page.extract_text() or "" for page in self.reader.pages]
        self.text = "\n".join(self.pages)
        self.attachment = self.reader.attachments[ATTACHMENT_NAME][0]

    @property
    def flat(self) -> str:
        """The text with every run of white space made one space (lines wrap anywhere)."""
        return " ".join(self.text.split())


@pytest.fixture
def read_pack():
    def read(pack_or_bytes) -> ReadPack:
        if isinstance(pack_or_bytes, bytes):
            return ReadPack(pack_or_bytes)
        with pack_or_bytes.file.open("rb") as handle:
            return ReadPack(handle.read())

    return read


@pytest.fixture(scope="module")
def shared_live_pack(django_db_setup, django_db_blocker, tmp_path_factory):
    """One live site STS-017 and its pack built by an auditor for "ICO inspection", once per
    module (building takes seconds); each test reads it in a savepoint of this transaction.
    Returns (pack, ReadPack) with the file already read."""
    from anpr_governance.accounts.models import PolicingArea, User
    from anpr_governance.accounts.roles import Role
    from anpr_governance.demo.walkthrough import Actors, advance
    from anpr_governance.sites import services as site_services

    media = tmp_path_factory.mktemp("media")
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], MEDIA_ROOT=media)
    with django_db_blocker.unblock(), fast, transaction.atomic():
        # Names of their own, so that the function-scoped fixtures' people can exist beside them.
        people = {}
        for key, first, role in (("officer", "Olive", Role.GOVERNANCE_OFFICER), ("manager", "Morgan",
                                 Role.APPROVING_MANAGER), ("dpo", "Dana", Role.DATA_PROTECTION_OFFICER),
                                 ("auditor", "Avery", Role.AUDITOR)):
            people[key] = User.objects.create_user(username=f"shared-{key}", password="correct horse battery",
                                                   first_name=first, last_name=key.capitalize())
            people[key].groups.add(Group.objects.get(name=role))
        actors = Actors(officer=people["officer"], manager=people["manager"], dpo=people["dpo"])
        area = PolicingArea.objects.create(name="Lichfield", code="lichfield")
        site = site_services.site_create(
            actor=actors.manager, reference="STS-017", name="A34 corridor", policing_area=area,
            location_type="la_major_road", lanes=2, location_description="Northbound carriageway near a junction",
            grid_reference="SJ 912 234", governance_officer=actors.officer,
        )
        advance(site, "live", actors)
        request = services.pack_request(actor=people["auditor"], scope="site", site_reference="STS-017",
                                        recipient="ICO inspection", enqueue=False)
        pack = services.pack_build(pack_id=request.pk)
        with pack.file.open("rb") as handle:
            read = ReadPack(handle.read())
        yield pack, read
        transaction.set_rollback(True)
