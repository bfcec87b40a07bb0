"""The records that fill URL path arguments for the access matrix and the form fuzzing: the demo
(seeded once per module) plus what the demo does not make (a subject access request, a dip sample,
a pack, pending role-change and grant proposals, a notice). `path_kwargs(name, records)` gives
the arguments for one URL name; a new URL with arguments needs a line in PATH_ARGUMENTS."""

import datetime
import io
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from anpr_governance.accounts.models import User
from anpr_governance.accounts.roles import Role
from anpr_governance.accounts.services import role_change_propose
from anpr_governance.assessments.selectors import current_assessment, current_dpia
from anpr_governance.audit.models import AccessLogEntry, Action, SampledSearch
from anpr_governance.audit.sampling import sample_draw
from anpr_governance.consultations.models import Consultation, ConsultationExemption, PublicReply
from anpr_governance.evidence.services import evidence_upload
from anpr_governance.reads.models import Authorisation, Feed
from anpr_governance.reads.services import search_grant_propose, subject_access_search
from anpr_governance.reports.services import pack_request
from anpr_governance.reviews import flags as flag_rules
from anpr_governance.reviews.models import DecommissionChecklist, Notice, Review
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Site

PASSWORD = "walk the demo"
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The demo login of each role (demo/content.py PEOPLE), and the columns of the matrix.
LOGINS = {
    "officer": Role.GOVERNANCE_OFFICER,
    "manager": Role.APPROVING_MANAGER,
    "auditor": Role.AUDITOR,
    "dpo": Role.DATA_PROTECTION_OFFICER,
    "investigator": Role.INVESTIGATOR,
    "authoriser": Role.AUTHORISING_OFFICER,
    "sysadmin": Role.SYSTEM_ADMINISTRATOR,
}


def seed(django_db_blocker):
    """A context manager body for a module-scoped fixture: the demo and the extra records, in
    a transaction rolled back when the module ends. Yields the records."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER, DEMO_PASSWORD="",
                                                        MEDIA_ROOT=tempfile.mkdtemp(prefix="anpr-matrix-")), \
            transaction.atomic():
        call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
        yield build()
        transaction.set_rollback(True)


def build() -> dict:
    people = {username: User.objects.get(username=username) for username in LOGINS}
    today = timezone.localdate()
    site = Site.objects.filter(status=Status.LIVE, governance_officer=people["officer"]).order_by("reference")[0]
    records = {"people": people, "site": site, "camera": site.cameras.order_by("identifier").first()}

    search = AccessLogEntry.objects.filter(action=Action.SEARCH, outcome="allowed").order_by("sequence").first()
    records["search"] = search
    records["authorisation"] = Authorisation.objects.order_by("pk").first()
    records["feed"] = Feed.objects.filter(site=site).first() or Feed.objects.order_by("pk").first()
    records["grant"] = search_grant_propose(actor=people["sysadmin"], user=people["investigator"],
                                            area=site.policing_area, revoke=True,
                                            reason="Access matrix: a proposal awaiting decision.")
    records["role_change"] = role_change_propose(actor=people["sysadmin"], user=people["officer"],
                                                 role=Role.GOVERNANCE_OFFICER, revoke=True,
                                                 reason="Access matrix: a proposal awaiting decision.")
    sample = sample_draw(actor=people["auditor"], period_from=today - datetime.timedelta(days=60),
                         period_to=today, size="1")
    records["sample"] = sample
    records["sampled"] = SampledSearch.objects.filter(sample=sample).order_by("pk").first()
    records["sar"] = subject_access_search(actor=people["dpo"], reference="SAR-2026-0001", vrm="AB12CDE",
                                           identity_verification="Driving licence and V5C seen.")
    records["pack"] = pack_request(actor=people["auditor"], scope="site", site_reference=site.reference,
                                   enqueue=False)
    records["consultation"] = Consultation.objects.filter(site=site).order_by("pk").first() \
        or Consultation.objects.order_by("pk").first()
    records["published"] = Consultation.objects.exclude(public_summary="").order_by("pk").first()
    records["reply"] = PublicReply.objects.order_by("pk").first()
    records["exemption"] = ConsultationExemption.objects.order_by("pk").first()
    records["review"] = Review.objects.filter(site=site).order_by("-pk").first()
    records["notice"] = Notice.objects.filter(recipient=people["authoriser"]).order_by("pk").first()
    records["drafting"] = _drafting(people["officer"], current_assessment, site)
    records["dpia_drafting"] = _drafting(people["officer"], current_dpia, site)
    records["dpia"] = current_dpia(site)
    records["evidence"] = evidence_upload(
        actor=people["officer"], record=records["dpia"], description="Access matrix: a signed copy.",
        upload=SimpleUploadedFile("signed.pdf", b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"))
    records["rule"] = next(iter(flag_rules.RULES))
    records["item"] = DecommissionChecklist.ITEMS[0]
    assert all(value is not None for value in records.values()), {k: v for k, v in records.items() if v is None}
    return records


def _drafting(officer, current, fallback) -> Site:
    """A site of `officer` whose current document (assessment or DPIA) is a draft they can edit,
    so that its form is on the page (the live site's documents are approved)."""
    for site in Site.objects.filter(governance_officer=officer).order_by("reference"):
        document = current(site)
        if document is not None and document.is_editable:
            return site
    return fallback


def _site(r):
    return {"reference": r["site"].reference}


# URL name -> its path arguments from the records. Names not here take no arguments.
PATH_ARGUMENTS = {
    "password_reset_confirm": lambda r: {"uidb64": "MQ", "token": "set-password"},
    "accounts:role-decide": lambda r: {"pk": r["role_change"].pk},
    "sites:detail": _site,
    "sites:history": _site,
    "sites:move": lambda r: {**_site(r), "target": Status.UNDER_REVIEW},
    "sites:decide": _site,
    "sites:edit": _site,
    "sites:officer": _site,
    "sites:cameras": _site,
    "sites:camera_remove": lambda r: {**_site(r), "identifier": r["camera"].identifier},
    "sites:camera_move": lambda r: {**_site(r), "identifier": r["camera"].identifier},
    "assessments:assessment_edit": lambda r: {"reference": r["drafting"].reference},
    "assessments:assessment_start": _site,
    "assessments:assessment_decide": _site,
    "assessments:dpia_edit": lambda r: {"reference": r["dpia_drafting"].reference},
    "assessments:dpia_start": _site,
    "assessments:dpia_advice": _site,
    "assessments:dpia_decide": _site,
    "assessments:dpia_ico": _site,
    "evidence:record": lambda r: {**_site(r), "kind": "dpia", "pk": r["dpia"].pk},
    "evidence:download": lambda r: {**_site(r), "pk": r["evidence"].pk},
    "api-site-dpia": _site,
    "api-site-evidence": _site,
    "api-site-consultation": _site,
    "api-site-reviews": _site,
    "consultations:open": _site,
    "consultations:consultee_add": lambda r: {"reference": r["consultation"].site.reference,
                                              "pk": r["consultation"].pk},
    "consultations:response_add": lambda r: {"reference": r["consultation"].site.reference,
                                             "pk": r["consultation"].pk},
    "consultations:close": lambda r: {"reference": r["consultation"].site.reference, "pk": r["consultation"].pk},
    "consultations:exemption_request": _site,
    "consultations:exemption_decide": lambda r: {"reference": r["exemption"].site.reference,
                                                 "pk": r["exemption"].pk},
    "reviews:schedule": _site,
    "reviews:start": lambda r: {**_site(r), "pk": r["review"].pk},
    "reviews:edit": lambda r: {**_site(r), "pk": r["review"].pk},
    "reviews:decide": lambda r: {**_site(r), "pk": r["review"].pk},
    "decommissioning:notice_read": lambda r: {"pk": r["notice"].pk},
    "decommissioning:site": _site,
    "decommissioning:flag_decide": lambda r: {**_site(r), "rule": r["rule"], "decision": "confirmed"},
    "decommissioning:checklist_record": lambda r: {**_site(r), "item": r["item"]},
    "decommissioning:decommission": _site,
    "api-site-detail": _site,
    "api-site-cameras": _site,
    "api-reads-disclose": lambda r: {"search": r["search"].sequence},
    "api-reads-authorisation": lambda r: {"pk": r["authorisation"].pk},
    "api-reads-decide": lambda r: {"pk": r["authorisation"].pk},
    "api-dpo-subject-access-disclose": lambda r: {"pk": r["sar"].pk},
    "reads:search-export": lambda r: {"number": r["search"].sequence},
    "reads:search-disclose": lambda r: {"number": r["search"].sequence},
    "reads:authorisation": lambda r: {"pk": r["authorisation"].pk},
    "reads:feed-revoke": lambda r: {"pk": r["feed"].pk},
    "reads:grant-decide": lambda r: {"pk": r["grant"].pk},
    "audit:sample": lambda r: {"pk": r["sample"].pk},
    "audit:sample-finding": lambda r: {"pk": r["sample"].pk, "search_pk": r["sampled"].pk},
    "dpo:subject-access-detail": lambda r: {"pk": r["sar"].pk},
    "dpo:subject-access-csv": lambda r: {"pk": r["sar"].pk},
    "reports:pack": lambda r: {"pack_id": r["pack"].pk},
    "reports:pack-status": lambda r: {"pack_id": r["pack"].pk},
    "reports:pack-download": lambda r: {"pack_id": r["pack"].pk},
    "reports:subject-access-letter": lambda r: {"pk": r["sar"].pk},
    "moderation:moderate": lambda r: {"pk": r["reply"].pk},
    "public:consultation": lambda r: {"pk": r["published"].pk},
    "public:replied": lambda r: {"pk": r["published"].pk},
}


def path_kwargs(name: str, records: dict) -> dict:
    maker = PATH_ARGUMENTS.get(name)
    return maker(records) if maker else {}
