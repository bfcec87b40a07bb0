"""A proposal that a second person decides (role changes, search grants): the checks both share.
The decider is neither the proposer nor the person it concerns; the decision is approve or
refuse; only a pending proposal is decided; a refusal says why."""

from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.text import text_or_refuse

from .permissions import require_not_same_person

APPROVE, REFUSE = "approve", "refuse"


def second_person_decision(actor, proposal, *, name: str, decision, comment, refused: str) -> str:
    """Refuses a decision the rules do not allow; returns the comment, trimmed.
    `proposal` has `proposed_by`, `user` and a `status` whose pending value is "pending";
    `name` names it in messages ("Role change 3"); `refused` is what a refusal must explain."""
    require_not_same_person(actor, proposal.proposed_by, doing=f"decide {name[0].lower()}{name[1:]}",
                            their="proposed it")
    require_not_same_person(actor, proposal.user, doing=f"decide {name[0].lower()}{name[1:]}",
                            their="are the person it concerns")
    if decision not in (APPROVE, REFUSE):
        message = "Choose approve or refuse."
        raise DomainError(message, field_errors={"decision": [message]})
    if proposal.status != "pending":
        raise DomainError(f"{name} was already decided ({proposal.get_status_display().lower()}).")
    comment = text_or_refuse(comment, "comment", "The comment").strip()
    if decision == REFUSE and not comment:
        message = f"Say why the {refused} is refused."
        raise DomainError(message, field_errors={"comment": [message]})
    return comment
