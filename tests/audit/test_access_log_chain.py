"""The access log is append-only and hash-chained: nothing changes an entry, and
`verify_access_log` finds any entry altered or removed behind the application's back."""

import datetime
import hashlib
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import DatabaseError, OperationalError, connection, connections, transaction

from anpr_governance.audit.chain import GENESIS, entry_hash
from anpr_governance.audit.models import AccessLogEntry, AccessLogHead, AppendOnlyError
from anpr_governance.audit.services import access_log_append

TABLE = "audit_accesslogentry"


def verify() -> str:
    out = io.StringIO()
    call_command("verify_access_log", stdout=out)
    return out.getvalue()


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def act_as_a_dba_without_the_guard() -> None:
    """Remove the database's append-only trigger, as someone with the database's keys could."""
    if connection.vendor == "postgresql":
        raw("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no deferred foreign key check
        raw(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TABLE}_append_only")
        raw("ALTER TABLE audit_accesslogsite DISABLE TRIGGER audit_accesslogsite_append_only")
    else:
        raw(f"DROP TRIGGER {TABLE}_append_only")
        raw("DROP TRIGGER audit_accesslogsite_append_only")


@pytest.fixture
def entries(investigator, site_for_links):
    made = [
        access_log_append(actor=investigator, action="reads.search", vrm="AB12CDE", purpose="major_crime",
                          reference="CRI/12345/25", result_count=n, details={"from": "2025-01-01", "n": n},
                          sites={site_for_links.pk: n} if n else None)
        for n in range(5)
    ]
    return made


@pytest.fixture
def site_for_links(make_site):
    return make_site("proposed", reference="STS-100")


def test_each_entry_carries_the_hash_of_the_one_before(entries):
    assert entries[0].previous_hash == GENESIS and entries[0].sequence == 1
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.previous_hash == before.hash and after.sequence == before.sequence + 1
    head = AccessLogHead.objects.get()
    assert (head.sequence, head.last_hash) == (5, entries[-1].hash)


def test_the_hash_is_sha256_over_the_entrys_canonical_fields(entries):
    entry = AccessLogEntry.objects.get(sequence=3)
    links = list(entry.site_links.values_list("site_id", "reads"))
    assert entry_hash(entry, links) == entry.hash and len(entry.hash) == 64


def test_the_hash_is_over_the_published_canonical_form_so_entries_written_before_still_verify():
    # The form is fixed (chain.py): sorted keys, no spaces, UTF-8 JSON, the moment in UTC to the
    # microsecond. Any change to it would fail every entry already written; this entry is
    # written in British Summer Time and names people beyond ASCII.
    entry = AccessLogEntry(
        sequence=7, at=datetime.datetime(2025, 7, 1, 13, 30, tzinfo=ZoneInfo("Europe/London")), actor_id=42,
        actor_name="Zoë Ørsted", action="reads.search", outcome="allowed", vrm="AB12CDE", purpose="major_crime",
        reference="CRI/12345/25", justification="Suspect vehicle — sighted twice", result_count=3, subject="",
        details={"to": "2025-02-01", "from": "2025-01-01"}, previous_hash="a" * 64,
    )
    published = (
        '{"action":"reads.search","actor_id":42,"actor_name":"Zoë Ørsted","at":"2025-07-01T12:30:00.000000+00:00",'
        '"details":{"from":"2025-01-01","to":"2025-02-01"},"justification":"Suspect vehicle — sighted twice",'
        '"outcome":"allowed","previous_hash":"' + "a" * 64 + '","purpose":"major_crime","reference":"CRI/12345/25",'
        '"result_count":3,"sequence":7,"sites":[[3,1],[9,2]],"subject":"","vrm":"AB12CDE"}'
    )
    assert entry_hash(entry, [(9, 2), (3, 1)]) == hashlib.sha256(published.encode("utf-8")).hexdigest()


def test_an_intact_log_verifies(entries):
    assert "Access log intact: 5 entries" in verify()


def test_an_empty_log_verifies(db):
    assert "Access log intact: 0 entries" in verify()


def test_an_empty_log_verifies_when_its_head_row_is_gone_too(db):
    # `manage.py flush` empties every table, the head's row with them; the first append recreates it.
    AccessLogHead.objects.all().delete()
    assert "Access log intact: 0 entries" in verify()


def test_the_code_refuses_to_change_or_delete_an_entry(entries):
    entry = AccessLogEntry.objects.get(sequence=2)
    entry.justification = "nothing to see"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(sequence=2).update(justification="x")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        entry.site_links.all().delete()
    assert "intact" in verify()


def test_the_database_itself_refuses_an_update_even_by_raw_sql(entries):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("UPDATE audit_accesslogentry SET justification = 'edited' WHERE sequence = 2")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("UPDATE audit_accesslogsite SET reads = 99")
    assert "intact" in verify()


def test_postgresql_refuses_a_delete_even_by_raw_sql_and_sqlite_lets_verify_catch_it(entries):
    # On SQLite the test runner empties tables with DELETE, so only UPDATE is refused there.
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw("DELETE FROM audit_accesslogentry WHERE sequence = 1")
        assert "intact" in verify()
    else:
        raw("DELETE FROM audit_accesslogsite WHERE entry_id = %s", [entries[1].pk])
        raw("DELETE FROM audit_accesslogentry WHERE sequence = 2")
        with pytest.raises(CommandError, match="Entry 2 is missing"):
            verify()


def test_verify_names_an_entry_altered_behind_the_applications_back(entries):
    act_as_a_dba_without_the_guard()
    raw("UPDATE audit_accesslogentry SET justification = 'edited' WHERE sequence = 3")
    with pytest.raises(CommandError, match="Entry 3 was altered"):
        verify()


def test_verify_names_an_entry_whose_sites_were_altered(entries):
    act_as_a_dba_without_the_guard()
    raw("UPDATE audit_accesslogsite SET reads = 99 WHERE entry_id = %s", [entries[2].pk])
    with pytest.raises(CommandError, match="Entry 3 was altered"):
        verify()


def test_verify_names_a_removed_entry(entries):
    act_as_a_dba_without_the_guard()
    raw("DELETE FROM audit_accesslogsite WHERE entry_id = %s", [entries[3].pk])
    raw("DELETE FROM audit_accesslogentry WHERE sequence = 4")
    with pytest.raises(CommandError, match="Entry 4 is missing"):
        verify()


def test_verify_names_a_removed_last_entry(entries):
    act_as_a_dba_without_the_guard()
    raw("DELETE FROM audit_accesslogsite WHERE entry_id = %s", [entries[4].pk])
    raw("DELETE FROM audit_accesslogentry WHERE sequence = 5")
    with pytest.raises(CommandError, match="Entry 5 is missing"):
        verify()


def test_verify_catches_an_altered_entry_whose_hash_was_recomputed(entries):
    act_as_a_dba_without_the_guard()
    forged = AccessLogEntry.objects.get(sequence=2)
    forged.justification = "forged"
    forged.hash = entry_hash(forged, list(forged.site_links.values_list("site_id", "reads")))
    raw("UPDATE audit_accesslogentry SET justification = %s, hash = %s WHERE sequence = 2",
        [forged.justification, forged.hash])
    with pytest.raises(CommandError, match="Entry 3 does not follow entry 2"):
        verify()


def test_verify_catches_a_rewritten_last_entry_that_nothing_follows(entries):
    # The last entry has no successor carrying its hash: only the head's record of it can tell.
    act_as_a_dba_without_the_guard()
    forged = AccessLogEntry.objects.get(sequence=5)
    forged.justification = "forged"
    forged.hash = entry_hash(forged, list(forged.site_links.values_list("site_id", "reads")))
    raw("UPDATE audit_accesslogentry SET justification = %s, hash = %s WHERE sequence = 5",
        [forged.justification, forged.hash])
    with pytest.raises(CommandError, match="Entry 5 is not the entry the log's head records as its last"):
        verify()


def test_verify_catches_a_well_formed_entry_appended_without_going_through_the_log(entries, investigator):
    # Right sequence, right link, right hash: the chain holds, but the head never counted it.
    last = entries[-1]
    intruder = AccessLogEntry(
        sequence=6, at=last.at, actor=investigator, actor_name=investigator.get_username(), action=last.action,
        outcome=last.outcome, vrm="ZZ99ZZZ", purpose=last.purpose, reference=last.reference,
        justification="Never searched.", result_count=0, subject="", details={}, previous_hash=last.hash,
    )
    intruder.hash = entry_hash(intruder, [])
    intruder.save()
    assert AccessLogHead.objects.get().sequence == 5
    with pytest.raises(CommandError, match="Entry 6 was not appended through the log"):
        verify()


@pytest.fixture
def production_like(settings):
    settings.SECRET_KEY = "a-long-random-production-value-" + "x" * 40  # the command runs the system checks


def test_verify_access_log_exits_non_zero_naming_the_entry(entries, capsys, production_like):
    act_as_a_dba_without_the_guard()
    raw("UPDATE audit_accesslogentry SET vrm = 'ZZ99ZZZ' WHERE sequence = 1")
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "verify_access_log"]).execute()
    assert exited.value.code != 0
    assert "Entry 1 was altered" in capsys.readouterr().err


def test_verify_access_log_exits_zero_when_intact(entries, capsys, production_like):
    ManagementUtility(["manage.py", "verify_access_log"]).execute()  # returns: exit status 0
    assert "intact" in capsys.readouterr().out


def test_a_second_writer_waits_for_the_first_so_the_chain_cannot_fork(investigator):
    # This test's transaction appends and stays open; another connection then tries to claim
    # the chain's head, as a concurrent append would, and must wait (here: time out) rather
    # than read the same head and fork the chain.
    access_log_append(actor=investigator, action="reads.search")
    other = connections.create_connection("default")
    try:
        with pytest.raises(OperationalError), other.cursor() as cursor:
            if other.vendor == "postgresql":
                cursor.execute("SET lock_timeout = '200ms'")
            cursor.execute("UPDATE audit_accessloghead SET sequence = sequence + 1 WHERE id = 1")
    finally:
        other.close()
    assert AccessLogHead.objects.get().sequence == 1
    assert "Access log intact: 1 entries" in verify()
