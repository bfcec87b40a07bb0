import pytest

from access.records import seed


@pytest.fixture(scope="module")
def records(django_db_setup, django_db_blocker):
    """The demo and the extra records, seeded once for the module and rolled back after it."""
    yield from seed(django_db_blocker)


@pytest.fixture(autouse=True)
def _tasks_run_inline(tasks_inline):
    """Pages that enqueue work (notice e-mails, packs) run it inline here."""
