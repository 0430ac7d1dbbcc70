"""Citizens' BSNs must never reach Jira: find 9-digit numbers that pass the 11-test.

About 9 % of random 9-digit numbers pass the test, so the ambassador may confirm "this is not a
BSN" — except when the word BSN or burgerservicenummer stands near the number: then the text is
held back whatever the ambassador says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

# How close (in characters between the two) the word must be to the number to refuse an override.
NEAR_WORD_DISTANCE = 40

_SEP = r"[ .\-]"
_CANDIDATES = (
    # Digits joined by single separators, exactly nine in all: 123456782, 123 456 782, 1234.56.782.
    re.compile(rf"(?<!\d)(?<!\d{_SEP})\d(?:{_SEP}?\d){{8}}(?!{_SEP}?\d)"),
    # The same numbers where the run goes on: "2 123456782", "123456782 123456782".
    re.compile(r"(?<!\d)\d{9}(?!\d)"),
    re.compile(rf"(?<!\d)\d{{3}}({_SEP})\d{{3}}\1\d{{3}}(?!\d)"),
    re.compile(rf"(?<!\d)\d{{4}}({_SEP})\d{{2}}\1\d{{3}}(?!\d)"),
)
_BSN_WORD = re.compile(r"bsn|burger\s*service\s*nummer", re.IGNORECASE)


def passes_11_test(digits: str) -> bool:
    """The BSN 11-test: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or set(digits) == {"0"}:
        return False
    total = sum(int(d) * (9 - i) for i, d in enumerate(digits[:8])) - int(digits[8])
    return total % 11 == 0


@dataclass(frozen=True)
class PossibleBsn:
    start: int
    end: int
    near_word: bool  # the word BSN or burgerservicenummer stands close by


def find_possible_bsns(text: str) -> list[PossibleBsn]:
    """Every number in `text` that could be a BSN, in order of appearance."""
    spans = sorted({span for span, digits in _candidate_spans(text) if passes_11_test(digits)})
    words = [m.span() for m in _BSN_WORD.finditer(text)]
    return [PossibleBsn(start, end, any(_close((start, end), w) for w in words)) for start, end in spans]


def _candidate_spans(text: str) -> Iterator[tuple[tuple[int, int], str]]:
    for pattern in _CANDIDATES:
        for match in pattern.finditer(text):
            yield match.span(), re.sub(r"\D", "", match.group())


def _close(number: tuple[int, int], word: tuple[int, int]) -> bool:
    gap = max(word[0] - number[1], number[0] - word[1], 0)
    return gap <= NEAR_WORD_DISTANCE


@dataclass(frozen=True)
class BsnCheck:
    """What the privacy rule says about a submission's texts."""

    fields: tuple[str, ...]  # the texts that hold a possible BSN, e.g. ("question",)
    next_to_word: bool  # some number stands next to the word BSN: no override

    @property
    def found(self) -> bool:
        return bool(self.fields)

    @property
    def override_allowed(self) -> bool:
        return self.found and not self.next_to_word

    def held_back(self, confirmed_not_a_bsn: bool) -> bool:
        """True when the submission must not be stored (or sent anywhere)."""
        return self.found and (self.next_to_word or not confirmed_not_a_bsn)


def check_texts(texts: Mapping[str, str | None]) -> BsnCheck:
    """Look for possible BSNs in each named text (e.g. question and details)."""
    fields: list[str] = []
    next_to_word = False
    for name, text in texts.items():
        found = find_possible_bsns(text or "")
        if found:
            fields.append(name)
            next_to_word = next_to_word or any(f.near_word for f in found)
    return BsnCheck(tuple(fields), next_to_word)
