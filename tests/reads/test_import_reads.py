"""`manage.py import_reads FILE.csv --feed NAME`: back-office files by the rules of the API."""

import io

import pytest
from django.core.management import CommandError, call_command
from read_helpers import ago

from anpr_governance.reads import services
from anpr_governance.reads.models import Read


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_reads", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def csv_file(tmp_path):
    when = ago(2).isoformat()
    path = tmp_path / "reads.csv"
    path.write_text(
        "camera,vrm,read_at,confidence\n"
        f"STS-001-C1,AB12 CDE,{when},0.9\n"
        f"STS-001-C2,XY99ZZZ,{ago(1).isoformat()},\n"
        f"OTHER-C9,AB12CDE,{when},0.9\n"
        f"STS-001-C1,ab12cde,{when},0.9\n"
        f"STS-001-C1,CD34EFG,{ago(-2).isoformat()},0.9\n",
        encoding="utf-8",
    )
    return path


def test_it_imports_a_file_accounting_for_every_line(feed, csv_file):
    output = run(str(csv_file), "--feed", feed.name)
    assert "5 reads read from" in output and "2 accepted, 1 duplicates, 2 rejected" in output
    assert "line 4: Camera 'OTHER-C9' is not at site STS-001." in output
    assert "line 6: read_at" in output and "is in the future" in output
    assert Read.objects.count() == 2


def test_importing_the_same_file_again_adds_nothing(feed, csv_file):
    run(str(csv_file), "--feed", feed.name)
    output = run(str(csv_file), "--feed", feed.name, "--batch", "2")
    assert "0 accepted, 3 duplicates, 2 rejected" in output
    assert Read.objects.count() == 2


def test_it_refuses_a_revoked_feed(feed, csv_file, sysadmin):
    services.feed_revoke(actor=sysadmin, feed=feed, reason="Replaced.")
    with pytest.raises(CommandError, match="revoked"):
        run(str(csv_file), "--feed", feed.name)


def test_it_refuses_a_file_without_the_columns(feed, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("plate,time\nAB12CDE,now\n")
    with pytest.raises(CommandError, match="no column camera, vrm, read_at"):
        run(str(path), "--feed", feed.name)
