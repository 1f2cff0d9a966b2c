"""A small, safe text-query language: words, "quoted phrases", AND / OR / NOT and parentheses.

Queries are tokenised and parsed by a recursive-descent parser into a tree of :class:`Term`,
:class:`Not`, :class:`And` and :class:`Or` nodes. Nothing is ever evaluated as code: a character
outside the grammar raises :class:`~workbench.errors.ArgumentError` naming its position.

Grammar (operators are upper-case; adjacent terms are joined by AND)::

    query   := or
    or      := and ("OR" and)*
    and     := not (["AND"] not)*
    not     := "NOT" not | atom
    atom    := WORD | PHRASE | "(" or ")"

A WORD is letters and digits, optionally joined by ``-``, ``'``, ``’``, ``.`` or ``&`` inside
("al-Assad", "U.S", "AT&T"), optionally ending with ``*`` for a prefix match ("sanction*").
Words match case-insensitively on the word tokens of :func:`tokens` (letters and digits), so a
joined word such as "al-Assad" is the phrase "al assad".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.errors import ArgumentError

#: Longest accepted query, in characters, and deepest nesting of parentheses / NOT.
MAX_LENGTH = 2000
MAX_DEPTH = 50

#: The word tokens that the text index holds: maximal runs of letters and digits.
TOKEN_PATTERN = r"[^\W_]+"
_TOKEN = re.compile(TOKEN_PATTERN)
_WORD = re.compile(r"[^\W_]+(?:[-'’.&][^\W_]+)*\.?(\*)?")
_OPERATORS = {"AND", "OR", "NOT"}
_OPEN_QUOTES = {'"': '"', "“": "”", "„": "“"}


def tokens(text: str) -> list[str]:
    """Return the lower-case word tokens of ``text`` (runs of letters and digits).

    Parameters
    ----------
    text
        Any text.

    Returns
    -------
    list of str
        The tokens, in order.
    """
    return _TOKEN.findall(text.lower())


@dataclass(frozen=True)
class Term:
    """A word (one token), a phrase (several tokens in a row), or a prefix (``prefix=True``)."""

    words: tuple[str, ...]
    prefix: bool = False

    def __str__(self) -> str:
        text = " ".join(self.words) + ("*" if self.prefix else "")
        return f'"{text}"' if len(self.words) > 1 else text


@dataclass(frozen=True)
class Not:
    """Articles that do not match ``operand``."""

    operand: Node

    def __str__(self) -> str:
        return f"NOT {self.operand}"


@dataclass(frozen=True)
class And:
    """Articles that match every operand."""

    operands: tuple[Node, ...]

    def __str__(self) -> str:
        return "(" + " AND ".join(str(o) for o in self.operands) + ")"


@dataclass(frozen=True)
class Or:
    """Articles that match at least one operand."""

    operands: tuple[Node, ...]

    def __str__(self) -> str:
        return "(" + " OR ".join(str(o) for o in self.operands) + ")"


Node = Term | Not | And | Or


@dataclass(frozen=True)
class _Token:
    kind: str  # WORD, PHRASE, AND, OR, NOT, LPAREN, RPAREN, END
    text: str
    pos: int
    prefix: bool = False


def _error(query: str, pos: int, reason: str) -> ArgumentError:
    pointer = query[:pos].replace("\n", " ")
    return ArgumentError(
        f"query: {reason} at position {pos} (0-based): {query!r}\n"
        f"        {' ' * (len(repr(pointer)) - 1)}^"
    )


def _tokenise(query: str) -> list[_Token]:
    out: list[_Token] = []
    i = 0
    n = len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch == "(":
            out.append(_Token("LPAREN", ch, i))
            i += 1
        elif ch == ")":
            out.append(_Token("RPAREN", ch, i))
            i += 1
        elif ch in _OPEN_QUOTES:
            close = query.find(_OPEN_QUOTES[ch], i + 1)
            if ch == '"' and close < 0:
                close = -1
            elif close < 0:  # a curly opening quote may be closed by a straight one
                close = query.find('"', i + 1)
            if close < 0:
                raise _error(query, i, "unclosed quotation mark")
            inner = query[i + 1 : close]
            prefix = inner.rstrip().endswith("*")
            if prefix:
                inner = inner.rstrip()[:-1]
            bad = re.search(r"[^\w\s\-'’.&,:;!?]|_", inner)
            if bad:
                raise _error(query, i + 1 + bad.start(), f"unexpected character {bad.group()!r}")
            out.append(_Token("PHRASE", inner, i, prefix))
            i = close + 1
        else:
            match = _WORD.match(query, i)
            if not match:
                raise _error(query, i, f"unexpected character {ch!r}")
            word = match.group()
            end = match.end()
            if end < n and not (query[end].isspace() or query[end] in '()"“”'):
                raise _error(query, end, f"unexpected character {query[end]!r}")
            kind = word if word in _OPERATORS else "WORD"
            prefix = match.group(1) is not None
            out.append(_Token(kind, word.rstrip("*"), i, prefix))
            i = end
    out.append(_Token("END", "", n))
    return out


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokenise(query)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def deeper(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _error(self.query, token.pos, f"nesting deeper than {MAX_DEPTH} levels")

    def parse(self) -> Node:
        if self.peek().kind == "END":
            raise _error(self.query, 0, "empty query")
        node = self.parse_or()
        token = self.peek()
        if token.kind == "RPAREN":
            raise _error(self.query, token.pos, "unmatched ')'")
        if token.kind != "END":  # pragma: no cover - parse_and consumes every other token
            raise _error(self.query, token.pos, f"unexpected {token.text!r}")
        return node

    def parse_or(self) -> Node:
        operands = [self.parse_and()]
        while self.peek().kind == "OR":
            self.take()
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def parse_and(self) -> Node:
        operands = [self.parse_not()]
        while True:
            token = self.peek()
            if token.kind == "AND":
                self.take()
                operands.append(self.parse_not())
            elif token.kind in {"WORD", "PHRASE", "NOT", "LPAREN"}:
                operands.append(self.parse_not())
            else:
                break
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def parse_not(self) -> Node:
        token = self.peek()
        if token.kind == "NOT":
            self.take()
            self.deeper(token)
            operand = self.parse_not()
            self.depth -= 1
            return Not(operand)
        return self.parse_atom()

    def parse_atom(self) -> Node:
        token = self.take()
        if token.kind in {"WORD", "PHRASE"}:
            words = tuple(tokens(token.text))
            if not words:
                raise _error(self.query, token.pos, "empty phrase")
            return Term(words, prefix=token.prefix)
        if token.kind == "LPAREN":
            self.deeper(token)
            if self.peek().kind == "RPAREN":
                raise _error(self.query, self.peek().pos, "empty parentheses")
            node = self.parse_or()
            close = self.take()
            if close.kind != "RPAREN":
                raise _error(self.query, token.pos, "unclosed '('")
            self.depth -= 1
            return node
        if token.kind == "END":
            raise _error(self.query, token.pos, "query ends where a word was expected")
        raise _error(self.query, token.pos, f"{token.text!r} where a word was expected")


def parse_query(query: str) -> Node:
    """Parse a text query into a tree of :class:`Term`, :class:`Not`, :class:`And`, :class:`Or`.

    Parameters
    ----------
    query
        For example ``'Hamas AND (ceasefire OR truce) NOT "West Bank"'``.

    Returns
    -------
    Term or Not or And or Or
        The parsed query.

    Raises
    ------
    ArgumentError
        For an empty or over-long query, a character outside the grammar, an unclosed quote or
        parenthesis, or an operator without an operand; the message names the position.
    """
    if not isinstance(query, str):
        raise ArgumentError(f"query must be a string; got {type(query).__name__}")
    if len(query) > MAX_LENGTH:
        raise ArgumentError(f"query is {len(query)} characters long; the limit is {MAX_LENGTH}")
    return _Parser(query).parse()


def query_terms(node: Node) -> list[Term]:
    """Return every :class:`Term` of a parsed query, in order (negated ones included).

    Parameters
    ----------
    node
        A parsed query.

    Returns
    -------
    list of Term
        The terms.
    """
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return query_terms(node.operand)
    out: list[Term] = []
    for operand in node.operands:
        out.extend(query_terms(operand))
    return out
