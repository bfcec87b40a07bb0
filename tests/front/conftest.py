import pytest


@pytest.fixture(autouse=True)
def _tasks_run_inline(tasks_inline):
    """The decommissioning pages enqueue notice e-mails: Celery runs them inline here."""
