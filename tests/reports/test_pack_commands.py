"""manage.py build_pack (--site REF | --all) [--as-at YYYY-MM-DD] --out FILE.pdf"""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from anpr_governance.reports.models import Pack

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("build_pack", *args, stdout=out)
    return out.getvalue()


def test_it_builds_a_site_pack_into_the_file_and_stores_it_with_its_version(make_site, tmp_path, read_pack):
    make_site("live", reference="STS-110")
    target = tmp_path / "sts-110.pdf"
    output = run("--site", "STS-110", "--out", str(target))
    pack = Pack.objects.get()
    assert pack.via == "command" and pack.version == 1 and pack.as_at == timezone.localdate()
    assert f"Site pack STS-110, version 1, as at {pack.as_at:%-d %B %Y}: 1 site(s)" in output
    assert pack.file_sha256 in output and pack.data_sha256 in output and str(target) in output
    pdf = read_pack(target.read_bytes())
    assert "STS-110 A34 corridor" in pdf.flat and "manage.py build_pack (server operator)" in pdf.flat
    assert json.loads(pdf.attachment)["sites"][0]["location"] is None  # no user: locations withheld
    call_command("verify_pack", str(target), stdout=io.StringIO())  # the written file is the genuine one


def test_it_builds_a_force_wide_pack_as_at_a_date_as_a_named_user(make_site, auditor, tmp_path, read_pack):
    make_site("live", reference="STS-111")
    make_site("proposed", reference="STS-112")
    target = tmp_path / "force.pdf"
    run("--all", "--as-at", timezone.localdate().isoformat(), "--out", str(target), "--user", "auditor",
        "--recipient", "HMICFRS")
    data = json.loads(read_pack(target.read_bytes()).attachment)
    assert [s["reference"] for s in data["sites"]] == ["STS-111", "STS-112"]
    assert data["pack"]["generated_by"] == {"name": "auditor", "roles": ["Auditor"]}
    assert data["pack"]["recipient"] == "HMICFRS" and data["sites"][0]["location"]["grid_reference"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--site", "STS-999"], "There is no site with reference STS-999"),
        (["--site", "STS-113", "--as-at", "2001-01-01"], "STS-113 has no record before"),
        (["--all", "--as-at", "2999-01-01"], "cannot be in the future"),
        (["--all", "--as-at", "31/01/2026"], "--as-at must be a date written YYYY-MM-DD"),
        (["--all", "--user", "investigator"], "Only an approving manager or auditor or data protection officer"),
        (["--all", "--user", "nobody"], "There is no user 'nobody'"),
    ],
)
def test_bad_input_is_a_clear_message_and_no_file(make_site, investigator, tmp_path, args, message):
    make_site("live", reference="STS-113")
    target = tmp_path / "pack.pdf"
    with pytest.raises(CommandError, match=message) as refused:
        run(*args, "--out", str(target))
    assert refused.value.returncode == 1
    assert not target.exists() and not Pack.objects.exists()


def test_it_needs_exactly_one_of_site_or_all(tmp_path):
    with pytest.raises(CommandError, match="one of the arguments --site --all is required"):
        run("--out", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="not allowed with argument"):
        run("--site", "STS-001", "--all", "--out", str(tmp_path / "x.pdf"))
