"""Prior consultation with the ICO (DPA 2018 s.65) while a residual high risk remains.

For law-enforcement processing the Commissioner gives written advice within 6 weeks of the
request (`ANPR_ICO_ADVICE_WEEKS`), a period the ICO may extend by one month by notice. The
site may be approved for deployment once the advice is received or the period has ended
(the statutory wait is over; the ICO may still use its powers). The 8/14 weeks often quoted
are UK GDPR Art 36, not Part 3.

Works on a DPIA or a historical copy of one (as-at packs), given whether a residual risk is high.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings

NOT_NEEDED = "not_needed"
NOT_REQUESTED = "not_requested"
AWAITING = "awaiting"
ADVICE_RECEIVED = "advice_received"
PERIOD_ENDED = "period_ended"

LABELS = {
    NOT_NEEDED: "Not needed: no residual risk is high",
    NOT_REQUESTED: "Required: not yet requested",
    AWAITING: "Awaiting the ICO's written advice",
    ADVICE_RECEIVED: "Written advice received",
    PERIOD_ENDED: "Statutory period ended without written advice",
}


def period_end(sent_on: datetime.date | None, extension_notice_on: datetime.date | None) -> datetime.date | None:
    """The last day of the period the ICO has to advise: sent + the weeks, + one month if extended."""
    if sent_on is None:
        return None
    end = sent_on + datetime.timedelta(weeks=settings.ANPR_ICO_ADVICE_WEEKS)
    if extension_notice_on is not None:
        end += relativedelta(months=1)
    return end


@dataclass(frozen=True)
class IcoState:
    code: str
    period_ends_on: datetime.date | None

    @property
    def label(self) -> str:
        return LABELS[self.code]

    @property
    def allows_approval(self) -> bool:
        return self.code in (NOT_NEEDED, ADVICE_RECEIVED, PERIOD_ENDED)


def state(dpia, *, residual_high: bool, today: datetime.date) -> IcoState:
    """Where the prior consultation stands on `today` (the period has ended once its last day is past)."""
    ends = period_end(dpia.ico_consulted_on, dpia.ico_extension_notice_on)
    if dpia.ico_advice_received_on is not None:
        return IcoState(ADVICE_RECEIVED, ends)
    if not residual_high:
        return IcoState(NOT_NEEDED, ends)
    if dpia.ico_consulted_on is None or not dpia.ico_consultation_reference:
        return IcoState(NOT_REQUESTED, None)
    if today > ends:
        return IcoState(PERIOD_ENDED, ends)
    return IcoState(AWAITING, ends)
