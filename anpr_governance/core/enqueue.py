"""The one way work is sent to Celery: after the transaction commits, never inside it (the
worker must see what was written), and a broker that cannot be reached neither undoes nor
fails what was committed.

Not Celery's `Task.delay_on_commit`: it registers `delay` itself, so a broker error would
escape the commit (the page or the sweep would fail after its work was saved) and there would
be no place to say what became of the work (`on_failure`)."""

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, on_failure: Callable[[], None] | None = None) -> None:
    """Send `task(*args)` once the current transaction commits (at once outside one). If the
    broker cannot be reached, log it and call `on_failure` (e.g. mark the record failed)."""

    def send() -> None:
        try:
            task.delay(*args)
        except Exception:
            logger.exception("Could not enqueue %s%r", task.name, args)
            if on_failure is not None:
                on_failure()

    transaction.on_commit(send)
