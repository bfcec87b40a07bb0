"""The lifecycle prerequisites about assessments and DPIAs (see sites.prerequisites)."""

from django.utils.formats import date_format

from anpr_governance.sites.models import MaterialChange
from anpr_governance.sites.prerequisites import prerequisite

from . import ico, selectors


@prerequisite("assessment_approved")
def assessment_approved(site):
    if selectors.approved_assessment(site) is None:
        return f"{site.reference} has no approved in-depth assessment: submit one and have it approved."


@prerequisite("dpia_approved")
def dpia_approved(site):
    if selectors.approved_dpia(site) is None:
        return f"{site.reference} has no approved privacy impact assessment: submit one and have it approved."


@prerequisite("dpia_advised")
def dpia_advised(site):
    dpia = selectors.current_dpia(site)
    advised = dpia is not None and (dpia.status == "approved" or (dpia.status == "submitted"
                                                                  and dpia.dpo_advised_by_id is not None))
    if not advised:
        return (f"{site.reference} has no privacy impact assessment the data protection officer has advised on: "
                "submit one for DPO advice (it is signed off after the consultation).")


@prerequisite("dpia_covers_cameras")
def dpia_covers_cameras(site):
    dpia = selectors.approved_dpia(site)
    if dpia is None:
        return None
    moved = MaterialChange.objects.filter(site=site, recorded_at__gt=dpia.decided_at).exists()
    if moved or sorted(dpia.cameras_at_approval) != selectors.active_camera_ids(site):
        return (
            f"The cameras or location type of {site.reference} have changed since its DPIA was approved (a material "
            "change): a new DPIA must be approved first."
        )


@prerequisite("ico_prior_consultation")
def ico_prior_consultation(site):
    """While a residual risk of the approved DPIA is high, the site waits for the ICO's written
    advice or the end of the statutory period (DPA 2018 s.65; assessments.ico)."""
    dpia = selectors.approved_dpia(site)
    if dpia is None:
        return None  # dpia_approved says so
    state = selectors.ico_state(dpia)
    if state.code == ico.NOT_REQUESTED:
        return (f"A residual risk in the DPIA of {site.reference} is high: the governance officer must send the ICO "
                "a request for prior consultation and record it.")
    if state.code == ico.AWAITING:
        return (f"A residual risk in the DPIA of {site.reference} is high and the ICO's written advice has not been "
                f"received: the governance officer records it when it comes; otherwise the site can be approved "
                f"after the statutory period ends on {date_format(state.period_ends_on, 'j F Y')}.")
    return None
