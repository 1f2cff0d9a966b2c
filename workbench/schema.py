"""Column names, dtypes and validation of the three tidy tables: articles, mentions, topics."""

from __future__ import annotations

import pandas as pd

from workbench.errors import SchemaError

#: Dates are instants in UTC; date-only inputs are midnight UTC.
DATE_DTYPE = "datetime64[ns, UTC]"

ARTICLES: dict[str, str] = {
    "article_id": "str",  # stable content hash (see workbench.io.normalise.article_id)
    "date": DATE_DTYPE,
    "title": "str",
    "body": "str",
    "source": "str",  # from a "(SOURCE)" lead, a column, or the feed; may be missing
    "url": "str",
    "ref": "str",  # opaque reference token from the header line, kept as text
    "origin": "str",  # where the first copy came from: "path:line", "path:row N", feed URL
    "n_words": "int64",
    "n_copies": "int64",  # how many copies were folded into this row (1 = no duplicate)
    "origins": "object",  # list[str]: every origin folded into this row
}

#: Columns that enrichment adds to ``articles`` (not required by :func:`validate`).
ARTICLES_ENRICHED: dict[str, str] = {"tone": "float64"}  # VADER compound, -1 (negative) .. 1

MENTIONS: dict[str, str] = {
    "article_id": "str",
    "actor_id": "str",
    "actor": "str",  # canonical name
    "kind": "str",  # person / organization / country / place / group
    "country": "str",  # affiliation, ISO 3166 alpha-3 (may be missing)
    "surface": "str",  # text as written
    "start": "int64",  # character offsets into title + "\n" + body (see TEXT_OF_ARTICLE)
    "end": "int64",
    "how": "str",  # alias, surname, role, demonym, capital, ...
}

TOPICS: dict[str, str] = {
    "article_id": "str",
    "topic": "str",
    "score": "float64",
    "method": "str",  # "taxonomy" or "learned"
}

#: Actor offsets index into this text: the title, a newline, then the body.
TEXT_OF_ARTICLE = "title + '\\n' + body"

TABLES = {"articles": ARTICLES, "mentions": MENTIONS, "topics": TOPICS}


def article_text(articles: pd.DataFrame) -> pd.Series:
    r"""Return the text that mention offsets refer to: ``title + "\\n" + body``.

    Parameters
    ----------
    articles
        A frame with ``title`` and ``body`` columns.

    Returns
    -------
    pandas.Series
        One string per article, aligned with ``articles``.
    """
    return articles["title"].fillna("") + "\n" + articles["body"].fillna("")


def empty(table: str) -> pd.DataFrame:
    """Return an empty frame with the columns and dtypes of ``table``.

    Parameters
    ----------
    table
        One of ``"articles"``, ``"mentions"``, ``"topics"``.

    Returns
    -------
    pandas.DataFrame
        Zero rows, the schema's columns in order.
    """
    columns = TABLES[table]
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def validate(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Check that ``frame`` has every column of ``table`` with a compatible dtype.

    Extra columns are allowed (enrichment adds e.g. ``tone``).

    Parameters
    ----------
    frame
        The frame to check.
    table
        One of ``"articles"``, ``"mentions"``, ``"topics"``.

    Returns
    -------
    pandas.DataFrame
        ``frame`` unchanged.

    Raises
    ------
    SchemaError
        Naming the missing columns or the columns of the wrong dtype.
    """
    if table not in TABLES:
        raise SchemaError(f"table must be one of {sorted(TABLES)}; got {table!r}")
    columns = TABLES[table]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SchemaError(f"{table} frame lacks columns {missing}; has {list(frame.columns)}")
    wrong = []
    for name, dtype in columns.items():
        actual = frame[name].dtype
        if dtype == "str":
            # categoricals of strings are welcome for repetitive columns (actor, kind, country, how)
            ok = (
                pd.api.types.is_string_dtype(actual)
                or pd.api.types.is_object_dtype(actual)
                or isinstance(actual, pd.CategoricalDtype)
            )
        elif dtype == DATE_DTYPE:
            ok = isinstance(actual, pd.DatetimeTZDtype) and str(actual.tz) == "UTC"
        elif dtype == "int64":
            ok = pd.api.types.is_integer_dtype(actual)
        elif dtype == "float64":
            ok = pd.api.types.is_float_dtype(actual)
        else:
            ok = True
        if not ok:
            wrong.append(f"{name} ({actual}, expected {dtype})")
    if wrong:
        raise SchemaError(f"{table} frame has columns of the wrong dtype: {', '.join(wrong)}")
    return frame
