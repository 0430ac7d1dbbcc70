"""A small JQL parser: the part of the language Voelspriet and its users write.

    query   := [or_expr] [ORDER BY field [ASC|DESC] {, field [ASC|DESC]}]
    or_expr := and_expr {OR and_expr};  and_expr := not_expr {AND not_expr}
    not_expr:= NOT not_expr | "(" or_expr ")" | clause
    clause  := field op value;  op := = != ~ !~ > >= < <= IN | NOT IN | IS | IS NOT
    value   := word | "string" | EMPTY | NULL | function(args) | "(" value {, value} ")"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KEYWORDS = {"and", "or", "not", "in", "is", "empty", "null", "order", "by", "asc", "desc"}
_TOKEN = re.compile(r"""
    \s*(?:
      (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
    | (?P<op>!=|!~|>=|<=|=|~|>|<)
    | (?P<punct>[(),])
    | (?P<word>[^\s"'()=!~<>,]+)
    )""", re.VERBOSE)


class JqlError(ValueError):
    """A query Jira would refuse; the message follows Jira's wording."""


@dataclass(frozen=True)
class Function:
    name: str
    args: tuple[str, ...] = ()


EMPTY = "<EMPTY>"


@dataclass(frozen=True)
class Clause:
    field: str
    op: str  # "=", "!=", "~", "!~", ">", ">=", "<", "<=", "in", "not in", "is", "is not"
    value: object  # str | Function | EMPTY | tuple of those


@dataclass(frozen=True)
class Node:
    kind: str  # "and" | "or" | "not"
    children: tuple


@dataclass
class Query:
    where: Clause | Node | None
    order_by: list[tuple[str, bool]] = field(default_factory=list)  # (field, descending)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    position: int

    def keyword(self, *words: str) -> bool:
        return self.kind == "word" and self.text.lower() in words


def tokenize(text: str) -> list[Token]:
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            if not text[position:].strip():
                break
            raise JqlError(f"Error in the JQL Query: The character '{text[position]}' is a reserved JQL character "
                           f"(at position {position}).")
        kind = match.lastgroup or "word"
        raw = match.group(kind)
        if kind == "string":
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
        tokens.append(Token(kind, raw, match.start(kind)))
        position = match.end()
    return tokens


def parse(text: str) -> Query:
    return _Parser(tokenize(text or "")).query()


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise JqlError("Error in the JQL Query: The query ended unexpectedly.")
        self.i += 1
        return token

    def expect(self, text: str) -> None:
        token = self.take()
        if token.text.lower() != text:
            raise JqlError(f"Error in the JQL Query: Expecting '{text}' but got '{token.text}' "
                           f"(at position {token.position}).")

    def query(self) -> Query:
        where = None
        if self.peek() is not None and not self.peek().keyword("order"):
            where = self.or_expr()
        order_by = self.order_by() if self.peek() is not None else []
        if self.peek() is not None:
            token = self.peek()
            raise JqlError(f"Error in the JQL Query: Expecting either 'OR' or 'AND' but got '{token.text}' "
                           f"(at position {token.position}).")
        return Query(where, order_by)

    def or_expr(self):
        parts = [self.and_expr()]
        while self.peek() is not None and self.peek().keyword("or"):
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Node("or", tuple(parts))

    def and_expr(self):
        parts = [self.not_expr()]
        while self.peek() is not None and self.peek().keyword("and"):
            self.take()
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else Node("and", tuple(parts))

    def not_expr(self):
        token = self.peek()
        if token is not None and token.keyword("not"):
            self.take()
            return Node("not", (self.not_expr(),))
        if token is not None and token.text == "(" and token.kind == "punct":
            self.take()
            inner = self.or_expr()
            self.expect(")")
            return inner
        return self.clause()

    def clause(self) -> Clause:
        token = self.take()
        if token.kind not in ("word", "string") or token.text.lower() in KEYWORDS:
            raise JqlError(f"Error in the JQL Query: Expecting a field name but got '{token.text}' "
                           f"(at position {token.position}).")
        op = self.operator()
        return Clause(token.text, op, self.list_value() if op in ("in", "not in") else self.value())

    def operator(self) -> str:
        token = self.take()
        if token.kind == "op":
            return token.text
        word = token.text.lower()
        if word in ("in", "is"):
            if word == "is" and self.peek() is not None and self.peek().keyword("not"):
                self.take()
                return "is not"
            return word
        if word == "not" and self.peek() is not None and self.peek().keyword("in"):
            self.take()
            return "not in"
        raise JqlError(f"Error in the JQL Query: Expecting operator but got '{token.text}' "
                       f"(at position {token.position}).")

    def list_value(self) -> tuple:
        self.expect("(")
        values = [self.value()]
        while self.peek() is not None and self.peek().text == ",":
            self.take()
            values.append(self.value())
        self.expect(")")
        return tuple(values)

    def value(self):
        token = self.take()
        if token.kind == "word" and token.text.lower() in ("empty", "null"):
            return EMPTY
        if token.kind not in ("word", "string"):
            raise JqlError(f"Error in the JQL Query: Expecting a value but got '{token.text}' "
                           f"(at position {token.position}).")
        if token.kind == "word" and self.peek() is not None and self.peek().text == "(":
            return Function(token.text, self.list_value_or_empty())
        return token.text

    def list_value_or_empty(self) -> tuple[str, ...]:
        self.expect("(")
        args: list[str] = []
        while self.peek() is not None and self.peek().text != ")":
            args.append(self.take().text)
            if self.peek() is not None and self.peek().text == ",":
                self.take()
        self.expect(")")
        return tuple(args)

    def order_by(self) -> list[tuple[str, bool]]:
        self.expect("order")
        self.expect("by")
        order = [self.order_item()]
        while self.peek() is not None and self.peek().text == ",":
            self.take()
            order.append(self.order_item())
        return order

    def order_item(self) -> tuple[str, bool]:
        name = self.take().text
        descending = False
        if self.peek() is not None and self.peek().keyword("asc", "desc"):
            descending = self.take().text.lower() == "desc"
        return name, descending
