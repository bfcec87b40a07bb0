"""bench/mutation.py rewrites `@transaction.atomic` functions in its copy of the tree so that mutmut
(which leaves decorated functions alone) mutates them: the rewrite itself, no database."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location("bench_mutation", Path(__file__).parents[2] / "bench" / "mutation.py")
harness = importlib.util.module_from_spec(spec)
spec.loader.exec_module(harness)

SOURCE = '''\
from django.db import transaction


# Opens the case.
@transaction.atomic
def case_open(*, actor, site):
    """Open a case.

    Two lines of docstring."""
    # first the lock
    site = lock(site)
    if site is None:
        return None
    return create(site)


@transaction.atomic()
def case_close(case):
    return close(case)


@transaction.atomic(using="other")
def elsewhere():
    return 1


@transaction.atomic
def walk():
    yield 1


@other
@transaction.atomic
def stacked():
    return 2


def plain():
    return 3
'''

EXPECTED = '''\
from django.db import transaction


# Opens the case.
def case_open(*, actor, site):
    """Open a case.

    Two lines of docstring."""
    with transaction.atomic():
        # first the lock
        site = lock(site)
        if site is None:
            return None
        return create(site)


def case_close(case):
    with transaction.atomic():
        return close(case)


@transaction.atomic(using="other")
def elsewhere():
    return 1


@transaction.atomic
def walk():
    yield 1


@other
@transaction.atomic
def stacked():
    return 2


def plain():
    return 3
'''


def test_an_atomic_function_opens_its_transaction_in_its_body_after_its_docstring():
    assert harness.unwrapped_atomic(SOURCE) == EXPECTED


def test_every_guard_service_is_left_undecorated_and_with_as_many_lines():
    root = Path(__file__).parents[2] / "anpr_governance"
    modules = [root / "assessments" / "services.py", root / "consultations" / "services.py",
               root / "reviews" / "services.py", *sorted((root / "reads" / "services").glob("*.py"))]
    for module in modules:
        source = module.read_text()
        rewritten = harness.unwrapped_atomic(source)
        compile(rewritten, str(module), "exec")
        assert "@transaction.atomic" not in rewritten, module
        assert len(rewritten.splitlines()) == len(source.splitlines()), module
