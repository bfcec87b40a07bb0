"""The lifecycle prerequisite about consultation (see sites.prerequisites)."""

from anpr_governance.sites.prerequisites import prerequisite

from . import selectors


@prerequisite("consulted_or_exempt")
def consulted_or_exempt(site):
    if not selectors.consultation_requirement_met(site):
        return (
            f"{site.reference} has neither a closed consultation with its outcome recorded nor an "
            "approved exemption from consultation."
        )
