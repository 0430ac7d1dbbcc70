"""The privacy rule: numbers that pass the BSN 11-test are held back; near the word BSN, always."""

from __future__ import annotations

import pytest

from intake.bsn import check_texts, find_possible_bsns, passes_11_test

VALID = "123456782"  # 9·1 + 8·2 + … + 2·8 − 2 = 154 = 14 · 11
ALSO_VALID = "111222333"  # 9+8+7+12+10+8+9+6 − 3 = 66 = 6 · 11


@pytest.mark.parametrize("digits", [VALID, ALSO_VALID, "999999990"])
def test_numbers_passing_the_11_test(digits):
    assert passes_11_test(digits)


@pytest.mark.parametrize("digits", ["123456789", "000000000", "12345678", "1234567820", "12345678a"])
def test_numbers_failing_the_11_test(digits):
    assert not passes_11_test(digits)


@pytest.mark.parametrize("text", [
    "zaak van 123456782 loopt vast",
    "nummer 123 456 782 graag",
    "nummer 123.456.782 graag",
    "nummer 1234.56.782 graag",
    "nummer 123-456-782 graag",
    "versie 2 123456782",
    "123456782 111222333",
    "(123456782)",
])
def test_a_possible_bsn_is_found_however_it_is_written(text):
    assert find_possible_bsns(text)


@pytest.mark.parametrize("text", [
    "zaak 123456789 loopt vast",  # fails the 11-test
    "bel 06 1234 5678 of 0612345678",  # phone numbers: ten digits
    "IBAN NL91ABNA0417164300",
    "zaaknummer 1234567820",  # ten digits in a row
    "op 01-02-2027 om 12:00",
    "",
])
def test_other_numbers_are_not_taken_for_a_bsn(text):
    assert find_possible_bsns(text) == []


def test_a_bsn_may_be_confirmed_as_something_else_when_the_word_is_absent():
    check = check_texts({"question": "zaak 123456782 loopt vast", "details": "verder niets"})
    assert check.fields == ("question",)
    assert check.override_allowed
    assert check.held_back(confirmed_not_a_bsn=False)
    assert not check.held_back(confirmed_not_a_bsn=True)


@pytest.mark.parametrize("text", [
    "BSN 123456782",
    "het bsn: 123.456.782",
    "Burgerservicenummer van de inwoner is 123 456 782",
    "123456782 is het burgerservicenummer",
    "burger service nummer 123456782",
])
def test_next_to_the_word_bsn_no_override_is_possible(text):
    check = check_texts({"question": "Vraag over een inwoner", "details": text})
    assert check.fields == ("details",)
    assert check.next_to_word and not check.override_allowed
    assert check.held_back(confirmed_not_a_bsn=True)


def test_the_word_far_from_the_number_still_allows_an_override():
    text = "Over het BSN-veld in het scherm heb ik een vraag, los daarvan: zaak 123456782 blijft hangen"
    check = check_texts({"details": text})
    assert check.override_allowed


def test_texts_without_numbers_pass():
    check = check_texts({"question": "Hoe log ik in?", "details": None})
    assert not check.found
    assert not check.held_back(confirmed_not_a_bsn=False)
