"""The rules of a VRM and of a reference (reads/rules.py) on their own, without the database:
the forms accepted, normalised and refused, and the words an investigator is shown."""

import pytest

from anpr_governance.core.text import CUT_MARK
from anpr_governance.reads.rules import VRM_HINT, is_valid_vrm, normalise_reference, normalise_vrm, reference_problem


@pytest.mark.parametrize(("typed", "stored"), [
    (" ab12 cde\n", "AB12CDE"), ("AB12CDE", "AB12CDE"), ("a\tb 1", "AB1"), ("", ""), (None, ""), (12, ""),
])
def test_a_vrm_is_upper_cased_without_any_white_space(typed, stored):
    assert normalise_vrm(typed) == stored


@pytest.mark.parametrize(("vrm", "valid"), [
    ("AB12CDE", True), ("A1", True), ("ABCDE12345", True), ("ABCDE123456", False), ("1", False),
    ("ABCDEFG", False), ("1234567", False), ("AB12CDE\n", False), ("ab12cde", False), ("AB-12", False),
    ("", False),
])
def test_a_vrm_is_2_to_10_letters_and_digits_with_at_least_one_of_each(vrm, valid):
    assert is_valid_vrm(vrm) is valid
    assert "2 to 10 letters and digits" in VRM_HINT


@pytest.mark.parametrize(("typed", "stored"), [(" cri/12345/25 ", "CRI/12345/25"), (None, ""), (7, "")])
def test_a_reference_is_upper_cased_and_trimmed(typed, stored):
    assert normalise_reference(typed) == stored


def test_a_real_reference_has_no_problem():
    assert reference_problem("CRI/12345/25") == ""
    assert reference_problem("INC-20250114-0042") == ""


def test_a_missing_reference_asks_for_one_with_the_hint(settings):
    settings.ANPR_REFERENCE_HINT = "a reference such as CRI/12345/25"
    assert reference_problem("") == (
        "Enter the reference of the crime or incident the search is for: a reference such as CRI/12345/25.")


def test_a_wrong_reference_is_quoted_clipped_to_40_characters_with_the_hint(settings):
    settings.ANPR_REFERENCE_HINT = "a reference such as CRI/12345/25"
    assert reference_problem("GENERAL") == (
        "“GENERAL” is not a crime or incident reference: give a reference such as CRI/12345/25.")
    long = "X" * 60
    assert reference_problem(long) == (
        f"“{'X' * (40 - len(CUT_MARK))}{CUT_MARK}” is not a crime or incident reference: "
        "give a reference such as CRI/12345/25.")


def test_the_reference_must_match_the_whole_pattern(settings):
    settings.ANPR_REFERENCE_PATTERN = r"[A-Z]{3}/[0-9]{5}/[0-9]{2}"
    assert reference_problem("CRI/12345/25") == ""
    assert reference_problem("CRI/12345/256") != ""  # a prefix match is not enough
    assert reference_problem("XCRI/12345/25") != ""
