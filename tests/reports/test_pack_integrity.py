"""Integrity: a genuine pack is recognised (and which one it is); an altered file is not."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from anpr_governance.reports.verification import verify_pack_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def genuine(shared_live_pack, db):
    pack, pdf = shared_live_pack
    return pack, pdf.content


def flip_one_byte(content: bytes, at: int | None = None) -> bytes:
    at = len(content) // 2 if at is None else at
    return content[:at] + bytes([content[at] ^ 0x01]) + content[at + 1:]


def test_the_sha256_of_the_stored_file_is_recorded(genuine):
    pack, content = genuine
    assert pack.file_sha256 == hashlib.sha256(content).hexdigest()


def test_a_genuine_pack_is_recognised_with_which_pack_it_is(genuine):
    pack, content = genuine
    verdict = verify_pack_file(io.BytesIO(content))
    assert verdict.genuine and verdict.pack.pk == pack.pk
    assert "Genuine: this file is Site pack STS-017, version 1 as at" in verdict.message
    assert "Avery Auditor" in verdict.message


@pytest.mark.parametrize("where", ["start", "middle", "attachment", "end"])
def test_a_file_with_one_byte_changed_is_rejected(genuine, where):
    pack, content = genuine
    at = {"start": 10, "middle": len(content) // 2, "end": len(content) - 3,
          "attachment": content.index(b"/EmbeddedFile") + 2}[where]
    verdict = verify_pack_file(io.BytesIO(flip_one_byte(content, at)))
    assert not verdict.genuine and verdict.pack is None
    assert verdict.message.startswith("Not genuine")


def test_an_altered_file_that_still_carries_the_data_says_which_pack_it_claims_to_be(genuine):
    pack, content = genuine
    # A change to the page content only (the cover's first text stream), not the attachment.
    altered = content.replace(b"%PDF-1.7\n", b"%PDF-1.7\n%x\n", 1)
    verdict = verify_pack_file(io.BytesIO(altered))
    assert not verdict.genuine and verdict.claims.pk == pack.pk
    assert "carries the data of Site pack STS-017, version 1" in verdict.message
    assert "altered" in verdict.message


def test_a_file_that_is_not_a_pack_is_rejected(genuine):
    verdict = verify_pack_file(io.BytesIO(b"%PDF-1.4\nnot a pack at all\n%%EOF\n"))
    assert not verdict.genuine and verdict.claims is None
    assert "no compliance pack produced by this service has this SHA-256" in verdict.message


def test_verify_pack_exits_0_for_a_genuine_pack_and_1_for_an_altered_one(genuine, tmp_path):
    _pack, content = genuine
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(content)
    bad.write_bytes(flip_one_byte(content))
    out = io.StringIO()
    call_command("verify_pack", str(good), stdout=out)  # returns normally: exit status 0
    assert "Genuine" in out.getvalue()
    with pytest.raises(CommandError, match="Not genuine") as refused:
        call_command("verify_pack", str(bad))
    assert refused.value.returncode == 1
    with pytest.raises(CommandError, match="is not a file"):
        call_command("verify_pack", str(tmp_path / "missing.pdf"))
