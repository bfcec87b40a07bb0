"""The demo's public consultations: summaries written for residents and replies left on the
public pages, through the real services (so they are sanitised and moderated like any other)."""

import datetime
import random

from anpr_governance.consultations import services
from anpr_governance.consultations.models import PublicPurpose

SUMMARIES = {
    PublicPurpose.LOCAL_CRIME: (
        "Vehicles used in burglaries and thefts in the area have been travelling in on the same main roads. "
        "We propose ANPR cameras on those roads so that officers can check, after a crime, whether a vehicle "
        "linked to it was in the area at the time. Reads are kept for 365 days and searched only for a "
        "recorded purpose with a crime reference."),
    PublicPurpose.SERIOUS_CRIME: (
        "Organised groups moving drugs and stolen goods use the through routes of the area. We propose ANPR "
        "cameras to help investigators trace the vehicles these groups use. Cameras read number plates only; "
        "reads are kept for 365 days and searched only for a recorded purpose with a crime reference."),
    PublicPurpose.ROAD_SAFETY: (
        "Uninsured and dangerous drivers have caused serious collisions in the area. We propose ANPR cameras "
        "so that officers can stop vehicles with no insurance or linked to dangerous driving. Reads are kept "
        "for 365 days and searched only for a recorded purpose."),
}
REPLIES = (
    ("Pat Hughes", "pat.hughes@example.org",
     "I <strong>support</strong> this. Our street has had three break-ins this year and the cars were seen "
     "each time."),
    ("Alex Morgan", "",
     "Who can see where my car has been? Please publish the rules, as the <abbr title=\"Information "
     "Commissioner's Office\">ICO</abbr> code asks: <a href=\"https://ico.org.uk/\">ico.org.uk</a>."),
    ("Residents' association", "chair@residents.example.org",
     "<blockquote>Cameras should not overlook homes.</blockquote> We would support them on that condition."),
)


def public_fields(site, rng: random.Random, opened: datetime.date) -> dict:
    """What a governance officer would publish: the policing area comes from the site itself."""
    purpose = rng.choice(list(SUMMARIES))
    return {"public_summary": SUMMARIES[purpose], "public_purpose": purpose,
            "respond_by": opened + datetime.timedelta(weeks=6)}


def replies(consultation, officer, *, approve: bool) -> None:
    """Replies left on the public page; approved by the site's officer when `approve`, else waiting for them."""
    for name, email, comment in REPLIES:
        reply = services.public_reply_submit(consultation=consultation, name=name, email=email, comment=comment)
        if approve:
            services.public_reply_moderate(actor=officer, reply=reply, approve=True)


def late_reply(consultation) -> None:
    """A reply that came in after the others, waiting for the officer (so the `officer` login has one)."""
    services.public_reply_submit(
        consultation=consultation, name="Chris Taylor", email="",
        comment="Will the cameras be reviewed? <em>Please</em> publish the results of each review.")
