"""Sentence boundaries: the documented rules, and the fast word-before look-up against a regex."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.text import _word_before, sentence_spans


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_sentences_end_at_stops_before_a_capital_and_at_line_breaks():
    text = "Talks resumed. “We are close,” he said! Are they? Yes\nNew paragraph"
    assert _sentences(text) == [
        "Talks resumed.",
        "“We are close,” he said!",
        "Are they?",
        "Yes",
        "New paragraph",
    ]


def test_abbreviations_and_initials_do_not_end_a_sentence():
    text = "Mr. Smith met U.S. envoys in Jan. 2026 with J. Doe. Then he left."
    assert _sentences(text) == [
        "Mr. Smith met U.S. envoys in Jan. 2026 with J. Doe.",
        "Then he left.",
    ]


def test_a_stop_after_a_quote_or_bracket_checks_the_word_inside():
    assert _sentences("He cited (Mr. Jones) and left. Then")[0] == "He cited (Mr. Jones) and left."


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab.M r\n\t\u00a0“(’Dr")), max_size=40),
    st.integers(min_value=0, max_value=40),
)
def test_word_before_matches_the_regex_it_replaces(text, end):
    end = min(end, len(text))
    found = re.compile(r"(\S+)$").search(text, 0, end)
    assert _word_before(text, end) == (found.group(1) if found else "")
