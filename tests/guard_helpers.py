"""What the guard tests of the services read (tests/reviews, tests/consultations): a record's
latest history row, and the refusal a service call raises."""

import pytest

from anpr_governance.core.exceptions import DomainError


def last_history(record):
    """The latest history row's reason and user."""
    latest = record.history.order_by("history_date", "history_id").last()
    return latest.history_change_reason, latest.history_user


def refusal(call, **kwargs) -> DomainError:
    """The DomainError `call(**kwargs)` raises (the test fails if it raises none)."""
    with pytest.raises(DomainError) as refused:
        call(**kwargs)
    return refused.value
