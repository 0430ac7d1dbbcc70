"""How one JQL clause matches an issue, and how ORDER BY sorts: Jira's semantics, simplified.

`!=` and `NOT IN` never match an empty field (as in Jira); `~` is a word search, all words
must occur, `word*` matches a prefix and `"\\"a phrase\\""` the exact phrase.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from connector.sandbox.catalog import PRIORITIES, STATUSES
from connector.sandbox.jql import EMPTY, Clause, Function, JqlError
from connector.sandbox.jql_dates import date_value

Doc = tuple[dict, list[str]]  # an issue and the bodies of its comments
OPERATORS = {
    "values": ("=", "!=", "in", "not in", "is", "is not"),
    "date": ("=", "!=", ">", ">=", "<", "<=", "is", "is not"),
    "text": ("~", "!~", "is", "is not"),
}
_COMPARE = {"=": operator.eq, "!=": operator.ne, ">": operator.gt, ">=": operator.ge, "<": operator.lt,
            "<=": operator.le}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "values" (a set of aliases per issue, None when empty) | "date" | "text"
    get: Callable[[dict, list[str]], Any]
    known: frozenset[str] | None = None  # valid values, when Jira checks them
    fold: bool = True  # labels compare case-sensitively, everything else not


def matcher(field: Field, clause: Clause, now: datetime) -> Callable[[Doc], bool]:
    if clause.value is EMPTY and field.kind != "values":
        positive = clause.op in ("=", "is")
        return lambda doc: (not field.get(*doc)) == positive
    if field.kind == "values":
        return _values(field, clause)
    if field.kind == "date":
        return _dates(field, clause, now)
    return _text(field, clause)


def check_value(field: Field, value: object) -> None:
    """Jira refuses values that name nothing: a status, priority, project or key that does not exist."""
    if field.known is None or value is EMPTY or isinstance(value, Function):
        return
    if str(value).casefold() not in field.known:
        if field.name == "key":
            raise JqlError(f"An issue with key '{value}' does not exist for field 'key'.")
        raise JqlError(f"The value '{value}' does not exist for the field '{field.name}'.")


def _normalise(field: Field, value: object) -> object:
    if value is EMPTY:
        return EMPTY
    if isinstance(value, Function):
        if value.name.casefold() == "currentuser":
            return "currentuser"
        raise JqlError(f"Unable to find JQL function '{value.name}()' for field '{field.name}'.")
    text = str(value)
    if field.name == "resolution" and text.casefold() == "unresolved":
        return EMPTY
    return text.casefold() if field.fold else text


def _values(field: Field, clause: Clause) -> Callable[[Doc], bool]:
    values = clause.value if isinstance(clause.value, tuple) else (clause.value,)
    for value in values:
        check_value(field, value)
    wanted = [_normalise(field, v) for v in values]
    want_empty = EMPTY in wanted
    names = {w for w in wanted if w is not EMPTY}
    positive = clause.op in ("=", "in", "is")

    def match(doc: Doc) -> bool:
        actual = field.get(*doc)
        hit = (actual is None and want_empty) or (actual is not None and bool(names & actual))
        if positive:
            return hit
        return actual is not None and not (names & actual)

    return match


def _dates(field: Field, clause: Clause, now: datetime) -> Callable[[Doc], bool]:
    if isinstance(clause.value, tuple):
        raise JqlError(f"The operator '{clause.op}' is not supported by the '{field.name}' field.")
    bound = date_value(clause.value, field.name, now)
    compare = _COMPARE[clause.op]

    def match(doc: Doc) -> bool:
        actual = field.get(*doc)
        return actual is not None and compare(actual, bound)

    return match


def _text(field: Field, clause: Clause) -> Callable[[Doc], bool]:
    if not isinstance(clause.value, str):
        raise JqlError(f"The text query for field '{field.name}' must be a string.")
    test = text_test(clause.value, field.name)
    negate = clause.op == "!~"

    def match(doc: Doc) -> bool:
        actual = field.get(*doc)
        return bool(actual) and test(actual) != negate

    return match


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _same_word(word: str, term: str) -> bool:
    if term.endswith("*"):
        return word.startswith(term[:-1])
    return word == term or (len(term) > 3 and word.rstrip("s") == term.rstrip("s"))


def text_test(query: str, field_name: str) -> Callable[[str], bool]:
    query = query.strip()
    if len(query) > 1 and query[0] == query[-1] == '"':
        phrase = _words(query)
        return lambda text: _contains_phrase(_words(text), phrase)
    terms = re.findall(r"[\w*]+", query.casefold())
    if not terms:
        raise JqlError(f"The field '{field_name}' does not support searching for an empty string.")
    if any(t.startswith("*") for t in terms):
        raise JqlError(f"The text query '{query}' for field '{field_name}' is not allowed to start with a wildcard.")
    return lambda text: all(any(_same_word(w, t) for w in _words(text)) for t in terms)


def _contains_phrase(words: list[str], phrase: list[str]) -> bool:
    size = len(phrase)
    return any(words[i:i + size] == phrase for i in range(len(words) - size + 1))


def sort_key(field: Field) -> Callable[[Doc], Any]:
    """ORDER BY: empty values last when ascending."""
    special = {
        "key": lambda issue: int(issue["id"]),
        "priority": lambda issue: -[p["id"] for p in PRIORITIES].index(issue["priority"]),
        "status": lambda issue: [s["id"] for s in STATUSES].index(issue["status"]),
    }
    if field.name == "labels":
        raise JqlError("Field 'labels' does not support sorting.")
    if field.name in special:
        return lambda doc: (0, special[field.name](doc[0]))

    def key(doc: Doc) -> Any:
        value = field.get(*doc)
        if value is None:
            return (1, "")
        if isinstance(value, set):
            value = min(value)
        return (0, value.casefold() if isinstance(value, str) else value)

    return key
