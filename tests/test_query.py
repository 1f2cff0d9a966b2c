"""The text-query parser: grammar, errors with positions, and code-like input rejected safely."""

from __future__ import annotations

import builtins

import pytest
from corpus_fixture import tiny

from workbench.errors import ArgumentError
from workbench.query import And, Not, Or, Term, parse_query, query_terms, tokens


def test_words_phrases_and_precedence():
    node = parse_query('Hamas AND (ceasefire OR truce) NOT "West Bank"')
    assert node == And(
        (
            Term(("hamas",)),
            Or((Term(("ceasefire",)), Term(("truce",)))),
            Not(Term(("west", "bank"))),
        )
    )
    # AND binds tighter than OR; adjacency is AND
    assert parse_query("a b OR c") == Or((And((Term(("a",)), Term(("b",)))), Term(("c",))))
    assert parse_query("NOT NOT a") == Not(Not(Term(("a",))))


def test_joined_words_prefix_and_curly_quotes():
    assert parse_query("al-Assad") == Term(("al", "assad"))
    assert parse_query("U.S.") == Term(("u", "s"))
    assert parse_query("sanction*") == Term(("sanction",), prefix=True)
    assert parse_query("“Strait of Hormuz”") == Term(("strait", "of", "hormuz"))
    assert parse_query("Türkiye") == Term(("türkiye",))
    # lower-case operators are plain words
    assert parse_query("war and peace") == And((Term(("war",)), Term(("and",)), Term(("peace",))))
    assert tokens("Al-Assad’s U.S. visit_2") == ["al", "assad", "s", "u", "s", "visit", "2"]
    assert [str(t) for t in query_terms(parse_query('a OR NOT "b c"'))] == ["a", '"b c"']


@pytest.mark.parametrize(
    ("query", "position", "reason"),
    [
        ("", 0, "empty query"),
        ("   ", 0, "empty query"),
        ("(Gaza", 0, "unclosed '('"),
        ("Gaza)", 4, "unmatched ')'"),
        ("Gaza AND", 8, "word was expected"),
        ("OR Gaza", 0, "word was expected"),
        ("Gaza AND OR Rafah", 9, "word was expected"),
        ('"West Bank', 0, "unclosed quotation mark"),
        ("()", 1, "empty parentheses"),
        ("Gaza; rm -rf /", 4, "unexpected character ';'"),
        ("a = b", 2, "unexpected character '='"),
    ],
)
def test_invalid_queries_name_the_position(query, position, reason):
    with pytest.raises(ArgumentError) as info:
        parse_query(query)
    message = str(info.value)
    assert reason in message
    assert f"position {position}" in message


@pytest.mark.parametrize(
    "query",
    [
        "__import__('os').system('touch /tmp/pwned')",
        "os.system('ls')",
        'exec("print(1)")',
        "lambda: 1",
        "[x for x in ()]",
        "{'a': 1}",
        "1 + 1",
        "a`whoami`",
        "$(id)",
        "a_b",
    ],
)
def test_code_like_input_is_rejected_and_never_evaluated(query, monkeypatch):
    corpus = tiny()
    calls = []

    def trap(*args, **kwargs):
        calls.append(args)
        raise AssertionError("the query was evaluated")

    monkeypatch.setattr(builtins, "eval", trap)
    monkeypatch.setattr(builtins, "exec", trap)
    with pytest.raises(ArgumentError, match="position"):
        parse_query(query)
    with pytest.raises(ArgumentError, match="position"):
        corpus.filter(text=query)
    assert calls == []


def test_harmless_code_words_are_just_words():
    # a query that looks like a call is the words "eval" AND "x": searched, not run
    assert parse_query("eval(x)") == And((Term(("eval",)), Term(("x",))))
    assert len(tiny().filter(text="eval(x)")) == 0


def test_limits():
    with pytest.raises(ArgumentError, match="limit"):
        parse_query("a " * 1500)
    with pytest.raises(ArgumentError, match="nesting"):
        parse_query("(" * 60 + "a" + ")" * 60)
    with pytest.raises(ArgumentError, match="must be a string"):
        parse_query(42)  # type: ignore[arg-type]


def test_queries_select_the_right_articles():
    corpus = tiny()

    def ids(query):
        return corpus.filter(text=query).articles["article_id"].tolist()

    assert ids("talks") == ["a1", "a2", "a5"]
    assert ids("TALKS") == ["a1", "a2", "a5"]
    assert ids("talks NOT Iran") == ["a1", "a5"]
    assert ids("talks AND (Iran OR Qatar)") == ["a2", "a5"]
    assert ids('"ceasefire talks"') == ["a1", "a5"]
    assert ids('"talks ceasefire"') == []  # both words in a1 but not in that order
    assert ids('"West Bank"') == ["a6"]
    assert ids("tariff*") == ["a4"]
    assert ids('"United Sta*"') == ["a1", "a4"]
    assert ids("NOT talks") == ["a3", "a4", "a6"]
    assert ids("nonexistentword") == []


def test_random_boolean_queries_agree_with_a_naive_evaluator():
    """The inverted index answers random queries exactly as a set-based evaluator would."""
    import random

    from corpus_fixture import frames

    corpus = tiny()
    articles, _m, _t = frames()
    token_sets = {
        row.article_id: set(tokens(row.title + "\n" + row.body)) for row in articles.itertuples()
    }
    vocabulary = sorted(set().union(*token_sets.values())) + ["absent"]
    rng = random.Random(7)

    def make(depth):
        roll = rng.random()
        if depth == 0 or roll < 0.35:
            word = rng.choice(vocabulary)
            return word, (lambda ts, w=word: w in ts)
        if roll < 0.5:
            text, fn = make(depth - 1)
            return f"NOT ({text})", (lambda ts, f=fn: not f(ts))
        (lt, lf), (rt, rf) = make(depth - 1), make(depth - 1)
        if roll < 0.75:
            return f"({lt}) AND ({rt})", (lambda ts, a=lf, b=rf: a(ts) and b(ts))
        return f"({lt}) OR ({rt})", (lambda ts, a=lf, b=rf: a(ts) or b(ts))

    for _ in range(150):
        text, fn = make(3)
        want = [aid for aid, ts in token_sets.items() if fn(ts)]
        assert corpus.filter(text=text).articles["article_id"].tolist() == want, text


def test_text_index_over_concatenated_frames():
    """Frames glued with pd.concat hold chunked Arrow strings; the index reads them too."""
    import pandas as pd
    from corpus_fixture import frames

    from workbench.corpus import Corpus

    articles, mentions, topics = frames()
    glued = pd.concat([articles.iloc[:3], articles.iloc[3:]], ignore_index=True)
    corpus = Corpus(glued, mentions, topics)
    assert corpus.filter(text="talks").articles["article_id"].tolist() == ["a1", "a2", "a5"]
    assert corpus.filter(text='"West Bank"').articles["article_id"].tolist() == ["a6"]
