"""The demo's read data, built through the real services: the investigator's search grants,
a feed per collecting site, a few weeks of fictional reads, an authorisation waiting for
the authorising officer, and a few searches in the access log.

Each part is made only if it is not there yet, so a second run changes nothing. Feed
tokens are not printed (they are shown once, at creation): a system administrator makes
a new feed on the Feeds page, or with `manage.py create_feed`, to get one.
"""

import contextlib
import datetime
import random

from django.utils import timezone

from anpr_governance.accounts.models import PolicingArea, User
from anpr_governance.audit.models import AccessLogEntry, Action
from anpr_governance.core.exceptions import DomainError
from anpr_governance.reads import services
from anpr_governance.reads.models import Authorisation, Feed, Read
from anpr_governance.reads.selectors import has_search_grant
from anpr_governance.sites.lifecycle import COLLECTING
from anpr_governance.sites.models import Site

from .content import SEED

# Fictional registration marks; the first is the one to try on the search page.
DEMO_VRMS = ("AB12CDE", "KX19TRD", "FN67BVC", "YR21LMP", "ST70HAA", "BD15WQZ")
OTHER_TRAFFIC = 1500  # reads of one-off vehicles, so a search finds one VRM among many
READ_DAYS = 120
REFERENCE = "CRI/40213/25"


def seed_reads(people: dict[str, User]) -> list[str]:
    """Add what is missing of the demo's read data; return the lines the command prints."""
    sysadmin, investigator, authoriser = people["sysadmin"], people["investigator"], people["authoriser"]
    granted = 0
    for area in PolicingArea.objects.all():
        if not has_search_grant(investigator, area):
            # Two people, as in the service: the administrator proposes, the authorising officer approves.
            proposal = services.search_grant_propose(actor=sysadmin, user=investigator, area=area,
                                                     reason="Demo: the investigator covers the whole force.")
            services.search_grant_decide(actor=authoriser, grant=proposal, decision="approve")
        granted += 1
    collecting = list(Site.objects.filter(status__in=COLLECTING).order_by("reference"))
    feeds = []
    for site in collecting:
        feed = Feed.objects.filter(site=site, name=f"{site.reference} back office").first()
        if feed is None:
            feed, _token = services.feed_create(actor=sysadmin, site=site, name=f"{site.reference} back office")
        feeds.append(feed)
    if not Read.objects.exists() and feeds:
        _reads(feeds)
    if not Authorisation.objects.filter(requested_by=investigator).exists():
        _authorisation_and_searches(investigator)
    return [
        f"Read data: {investigator.username} may search the {granted} policing areas; {len(feeds)} feeds; "
        f"{Read.objects.count()} demo reads over {READ_DAYS} days (search {DEMO_VRMS[0]}, purpose and reference "
        f"such as {REFERENCE}); feed tokens are shown only when a feed is created.",
    ]


def _reads(feeds: list[Feed]) -> None:
    rng = random.Random(SEED)  # noqa: S311 (demo data, not security)
    now = timezone.now()
    by_feed: dict[int, list[dict]] = {feed.pk: [] for feed in feeds}
    cameras = {feed.pk: list(feed.site.cameras.filter(removed_on__isnull=True).values_list("identifier", flat=True))
               for feed in feeds}
    regulars = [rng.sample(feeds, min(4, len(feeds))) for _ in DEMO_VRMS]  # each demo vehicle uses a few routes
    for vrm, routes in zip(DEMO_VRMS, regulars, strict=True):
        for _ in range(rng.randint(40, 90)):
            feed = rng.choice(routes)
            at = now - datetime.timedelta(days=rng.uniform(0.1, READ_DAYS), seconds=rng.randint(0, 59))
            by_feed[feed.pk].append(_read(rng, cameras[feed.pk], vrm, at))
    for _ in range(OTHER_TRAFFIC):
        feed = rng.choice(feeds)
        vrm = f"{_letters(rng, 2)}{rng.randint(51, 74)}{_letters(rng, 3)}"
        at = now - datetime.timedelta(days=rng.uniform(0.1, READ_DAYS))
        by_feed[feed.pk].append(_read(rng, cameras[feed.pk], vrm, at))
    for feed in feeds:
        if by_feed[feed.pk] and cameras[feed.pk]:
            services.reads_ingest(feed=feed, body={"reads": by_feed[feed.pk]}, now=now)


def _read(rng: random.Random, cameras: list[str], vrm: str, at: datetime.datetime) -> dict:
    return {"camera": rng.choice(cameras), "vrm": vrm, "read_at": at.isoformat(),
            "confidence": round(rng.uniform(0.82, 0.99), 2)}


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(n))


def _authorisation_and_searches(investigator: User) -> None:
    now = timezone.now()
    if not AccessLogEntry.objects.filter(action=Action.SEARCH).exists():
        services.read_search(actor=investigator, vrm=DEMO_VRMS[0], date_from=now - datetime.timedelta(days=30),
                             date_to=now, purpose="serious_organised_crime", reference=REFERENCE)
        services.read_search(actor=investigator, vrm=DEMO_VRMS[1], date_from=now - datetime.timedelta(days=7),
                             date_to=now, purpose="priority_volume_crime", reference="INC-20250114-0042")
        with contextlib.suppress(DomainError):  # a refused attempt, as the log shows them
            services.read_search(actor=investigator, vrm=DEMO_VRMS[2], date_from=now - datetime.timedelta(days=7),
                                 date_to=now, purpose="major_crime", reference="investigation")
    services.authorisation_request(
        actor=investigator, vrm=DEMO_VRMS[0], date_from=now - datetime.timedelta(days=200),
        date_to=now - datetime.timedelta(days=91), purpose="serious_organised_crime", reference=REFERENCE,
        reason="The vehicle is linked to a series of commercial burglaries that began in the spring; its earlier "
        "movements would show whether it was used to reconnoitre the premises.",
    )
