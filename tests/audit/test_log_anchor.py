"""The log's anchor: a daily verification recorded with the head it found, the /audit/verify/
page, a notice when the chain is broken, and `verify_access_log --anchor HASH:COUNT`, which
catches a rewrite of the whole tail that the chain alone cannot."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from test_access_log_chain import act_as_a_dba_without_the_guard, raw

from anpr_governance.audit import tasks
from anpr_governance.audit.chain import GENESIS, entry_hash
from anpr_governance.audit.models import AccessLogEntry, ChainCheck
from anpr_governance.audit.selectors import access_log_head
from anpr_governance.audit.services import access_log_append
from anpr_governance.reviews.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(investigator):
    return [access_log_append(actor=investigator, action="reads.search", vrm="AB12CDE", purpose="major_crime",
                              reference=f"CRI/1234{n}/25", result_count=n) for n in range(5)]


def verify(*args) -> str:
    out = io.StringIO()
    call_command("verify_access_log", *args, stdout=out)
    return out.getvalue()


def rewrite_the_tail_from(sequence: int, investigator) -> None:
    """What someone holding the database's keys could do: remove the entries from `sequence`
    on, point the head back, and append others in their place, a consistent new tail."""
    act_as_a_dba_without_the_guard()
    keep = AccessLogEntry.objects.get(sequence=sequence - 1)
    count = AccessLogEntry.objects.filter(sequence__gte=sequence).count()
    raw("DELETE FROM audit_accesslogentry WHERE sequence >= %s", [sequence])
    raw("UPDATE audit_accessloghead SET sequence = %s, last_hash = %s WHERE id = 1", [keep.sequence, keep.hash])
    for n in range(count):
        access_log_append(actor=investigator, action="reads.search", vrm="ZZ11ZZZ", purpose="major_crime",
                          reference=f"CRI/9999{n}/25", result_count=0)


def test_a_rewritten_tail_passes_the_chain_but_not_the_anchor(logged, investigator):
    head = access_log_head()
    anchor = f"{head.last_hash}:{head.entries}"
    assert "Anchor held: entry 5" in verify("--anchor", anchor)
    rewrite_the_tail_from(3, investigator)
    assert "Access log intact: 5 entries" in verify()  # the chain alone sees nothing wrong
    with pytest.raises(CommandError, match="Entry 5 no longer has the anchored hash"):
        verify("--anchor", anchor)


def test_an_anchor_past_the_end_of_the_log_is_not_held(logged):
    head = access_log_head()
    with pytest.raises(CommandError, match="Entry 9 is no longer in the log"):
        verify("--anchor", f"{head.last_hash}:9")
    with pytest.raises(CommandError, match="--anchor must be HASH:COUNT"):
        verify("--anchor", head.last_hash)


def test_the_daily_task_records_the_result_and_head(logged):
    assert tasks.verify_access_log() is True
    check = ChainCheck.objects.get()
    assert check.intact and check.run_by is None
    assert (check.entries, check.last_hash) == (5, logged[-1].hash)


def test_a_broken_chain_is_a_notice_to_every_auditor_and_the_dpo(logged, auditor, dpo, manager, tasks_inline,
                                                                 django_capture_on_commit_callbacks):
    for person in (auditor, dpo, manager):
        person.email = f"{person.username}@police.example"
        person.save()
    act_as_a_dba_without_the_guard()
    raw("UPDATE audit_accesslogentry SET justification = 'edited' WHERE sequence = 2")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.verify_access_log() is False
    check = ChainCheck.objects.get()
    assert not check.intact and "Entry 2 was altered" in check.problem
    notices = Notice.objects.filter(kind=Notice.Kind.CHAIN_BROKEN)
    assert {n.recipient for n in notices} == {auditor, dpo}
    assert {tuple(m.to) for m in mail.outbox} == {(auditor.email,), (dpo.email,)}
    assert "Entry 2 was altered" in mail.outbox[0].body and "/audit/verify/" in mail.outbox[0].body


def test_the_verify_page_shows_the_latest_results_and_an_auditor_runs_one_now(client, logged, auditor):
    client.force_login(auditor)
    page = client.get("/audit/verify/")
    assert page.status_code == 200 and "The chain has not been verified yet." in page.content.decode()
    assert logged[-1].hash in page.content.decode()
    followed = client.post("/audit/verify/", follow=True)
    assert "The access log is intact: 5 entries." in followed.content.decode()
    assert ChainCheck.objects.get().run_by == auditor


def test_the_dpo_reads_the_results_but_only_an_auditor_runs_a_check(client, logged, dpo, investigator):
    client.force_login(dpo)
    page = client.get("/audit/verify/")
    assert page.status_code == 200 and "Verify the chain now" not in page.content.decode()
    assert client.post("/audit/verify/").status_code == 403
    client.force_login(investigator)
    assert client.get("/audit/verify/").status_code == 403
    assert not ChainCheck.objects.exists()


def test_an_anchor_that_is_not_a_whole_hash_is_refused_saying_what_an_anchor_is(logged):
    with pytest.raises(CommandError, match=r"Anchor NOT held\. An anchor is the head hash \(64 hexadecimal "
                                           r"characters\) and the entry count, HASH:COUNT\.$"):
        verify("--anchor", f"{logged[2].hash[:20]}:3")


def test_the_anchor_of_the_empty_log_is_the_genesis_hash(logged):
    # A pack generated before the first search printed the empty log's head: still held.
    assert f"Anchor held: entry 0 still has hash {GENESIS}" in verify("--anchor", f"{GENESIS}:0")
    with pytest.raises(CommandError, match=r"Anchor NOT held\. An empty log's anchor is the genesis hash\.$"):
        verify("--anchor", f"{logged[0].hash}:0")



def forge(sequence: int) -> str:
    """Alter an entry and give it the hash of its new content, as a forger would; return it."""
    forged = AccessLogEntry.objects.get(sequence=sequence)
    forged.justification = "forged"
    forged.hash = entry_hash(forged, [])
    raw("UPDATE audit_accesslogentry SET justification = %s, hash = %s WHERE sequence = %s",
        [forged.justification, forged.hash, sequence])
    return forged.hash


def append_behind_the_logs_back(last) -> str:
    intruder = AccessLogEntry(
        sequence=6, at=last.at, actor=last.actor, actor_name=last.actor_name, action=last.action,
        outcome=last.outcome, vrm="ZZ99ZZZ", purpose=last.purpose, reference=last.reference,
        justification="Never searched.", result_count=0, subject="", details={}, previous_hash=last.hash,
    )
    intruder.hash = entry_hash(intruder, [])
    intruder.save()
    return intruder.hash


# Each break, and what the daily check records: how many entries hold from the first, the hash
# of the last of them (the /audit/verify/ page lists both), and the problem in words.
BREAKS = {
    "altered": (lambda logged: raw("UPDATE audit_accesslogentry SET vrm = 'ZZ99ZZZ' WHERE sequence = 3"),
                2, lambda logged, done: logged[1].hash,
                "Entry 3 was altered: its content does not match its hash."),
    "removed": (lambda logged: raw("DELETE FROM audit_accesslogentry WHERE sequence = 4"),
                3, lambda logged, done: logged[2].hash,
                "Entry 4 is missing: the log goes from entry 3 to 5."),
    "relinked": (lambda logged: forge(2),
                 2, lambda logged, done: done,
                 "Entry 3 does not follow entry 2: the hash it carries of the entry before it does not match, "
                 "so an earlier entry was altered or replaced."),
    "last removed": (lambda logged: raw("DELETE FROM audit_accesslogentry WHERE sequence = 5"),
                     4, lambda logged, done: logged[3].hash,
                     "Entry 5 is missing: the log's head records 5 entries but only 4 follow one another from "
                     "the first."),
    "last rewritten": (lambda logged: forge(5),
                       5, lambda logged, done: done,
                       "Entry 5 is not the entry the log's head records as its last."),
    "appended behind": (lambda logged: append_behind_the_logs_back(logged[-1]),
                        6, lambda logged, done: done,
                        "Entry 6 was not appended through the log: the log's head records 5 entries."),
}


@pytest.mark.parametrize("kind", BREAKS)
def test_the_daily_check_records_how_far_the_log_holds_and_what_broke_it(logged, kind):
    break_it, entries, last_hash, problem = BREAKS[kind]
    act_as_a_dba_without_the_guard()
    done = break_it(logged)
    assert tasks.verify_access_log() is False
    check = ChainCheck.objects.get()
    assert not check.intact
    assert (check.entries, check.last_hash, check.problem) == (entries, last_hash(logged, done), problem)
