"""The SQL that types one archive file's rows.

The typing query has three layers, so each value is cleaned once and every
check reads the cleaned value instead of recomputing it:

1. ``_clean``: text as read (empty -> null, outer spaces trimmed on typed columns);
2. typed values, plus the cleaned text of checked columns (``"_raw:<col>"``)
   and two facts about the tweet id;
3. the result: reasons for rejecting a row and value issues.

Each typed expression tests the form the archive actually uses first (a plain
digit string, ``true``, ``['a', 'b']``) and only falls back to the general,
slower parse when that fails; both give the same value."""

from __future__ import annotations

from .schema import (
    BOOL_COLUMNS,
    COORD_COLUMNS,
    COUNT_COLUMNS,
    DATE_COLUMNS,
    FREE_TEXT_COLUMNS,
    ID_COLUMNS,
    LIST_COLUMNS,
    LOWERCASE_COLUMNS,
    PIPE_LIST_COLUMNS,
    TWEET_COLUMNS,
    USER_COLUMNS,
    snowflake_ms_sql,
)
from .sql import quote_name, quote_str


def _raw(col: str) -> str:
    return quote_name("_raw:" + col)


def _clean(col: str) -> str:
    c = quote_name(col)
    if col in FREE_TEXT_COLUMNS:
        # Kept exactly as written (an account's name may end in a space). An
        # empty field, quoted or not, is already NULL (allow_quoted_nulls).
        return c
    # Typed columns are parsed from the trimmed text. trim() copies every
    # string, so only call it when an end is a space.
    return f"CASE WHEN prefix({c}, ' ') OR suffix({c}, ' ') THEN nullif(trim({c}), '') ELSE {c} END"


_FLOAT_ID_RE = r"'[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?'"


def damaged_id(v: str) -> str:
    """SQL: true when an id went through a float (9.06e+17 or 906000000000000000.0)."""
    # 9.06e+17 or 906000000000000000.0: an id that went through a float.
    # Only all-numeric forms: hex hashes end in things like "e600" too. A
    # float form always holds '.', 'e' or 'E', so most ids skip the regex.
    # Hashed ids are 64 characters long, a float's text at most about 25.
    return (f"coalesce(length({v}) < 40 AND (contains({v}, '.') OR contains({v}, 'e') OR contains({v}, 'E')) "
            f"AND regexp_full_match({v}, {_FLOAT_ID_RE}), false)")


def int_expr(v: str) -> str:
    """SQL: a count as BIGINT (283 or pandas' 283.0), NULL for anything else."""
    # Files re-saved by pandas write counts as 283.0: accept a zero fraction
    # only. (DuckDB's own cast would round 283.5 and read 1e3 or 0x10.)
    return (f"CASE WHEN regexp_full_match({v}, '-?[0-9]+') THEN TRY_CAST({v} AS BIGINT) "
            f"WHEN regexp_full_match({v}, '-?[0-9]+\\.0*') THEN TRY_CAST(split_part({v}, '.', 1) AS BIGINT) END")


def bool_expr(v: str) -> str:
    """SQL: true/false in any of the archive's spellings, NULL for anything else."""
    t = f"lower({v})"
    return (f"CASE WHEN {v} = 'true' THEN true WHEN {v} = 'false' THEN false "
            f"WHEN {t} IN ('true', 't', '1', '1.0', 'yes') THEN true "
            f"WHEN {t} IN ('false', 'f', '0', '0.0', 'no') THEN false END")


# Forms of tweet_time the archive and its re-saved copies use (the archive's
# own minute form first: most rows stop there), then ISO 8601 with fractional
# seconds; forms with an offset are read as TIMESTAMPTZ and brought to UTC.
TIME_FORMATS: tuple[str, ...] = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ",
                                 "%Y-%m-%dT%H:%MZ", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f",
                                 "%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%d %H:%M:%S.%fZ")
TIME_FORMATS_WITH_OFFSET: tuple[str, ...] = ("%Y-%m-%d %H:%M:%S%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S.%f%z",
                                             "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M%z")
DATE_FORMATS: tuple[str, ...] = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


def _first_parse(v: str, formats: tuple[str, ...], with_offset: tuple[str, ...] = ()) -> str:
    """SQL: the first of ``formats`` that parses ``v`` (NULL when none does)."""
    tries = [f"try_strptime({v}, {quote_str(f)})" for f in formats]
    tries += [f"try_strptime({v}, {quote_str(f)})::TIMESTAMP" for f in with_offset]
    return f"COALESCE({', '.join(tries)})"


def time_expr(v: str) -> str:
    """SQL: a tweet time (minute or second, space or T, optional Z or offset) as UTC."""
    return f"CAST({_first_parse(v, TIME_FORMATS, TIME_FORMATS_WITH_OFFSET)} AS TIMESTAMPTZ)"


def date_expr(v: str) -> str:
    """SQL: an account creation date (a date, or a time whose day is kept)."""
    return f"CAST({_first_parse(v, DATE_FORMATS)} AS DATE)"


def list_expr(v: str) -> str:
    """A list field in any of the archive's encodings -> LIST(VARCHAR).

    ``[]`` or empty -> []; ``['a', 'b']`` / ``["it's"]`` (Python repr) -> quoted
    items; ``[a, b]`` -> comma-separated items; a bare ``a`` -> [a].
    """
    # Items in quotes; inside them \\, \' and \" are escapes, undone in one
    # pass so that an escaped backslash before a quote is read right.
    quoted = (f"list_transform(regexp_extract_all({v}, "
              r"""'''(?:[^''\\]|\\.)*''|"(?:[^"\\]|\\.)*"'), """
              r"""lambda x: regexp_replace(x[2:-2], '\\([\\''"])', '\1', 'g'))""")
    plain = (f"list_filter(list_transform(string_split(trim({v}, '[] '), ','), lambda x: trim(x)), "
             "lambda x: x <> '')")
    # The common case, Python's repr of plain strings: no double quote or
    # backslash, and every single quote is either one of the outer pair or in
    # a "', '" separator; then splitting on the separator is exact.
    inner = f"{v}[3:-3]"
    simple = (f"prefix({v}, '[''') AND suffix({v}, ''']') AND length({v}) >= 4 "
              f"AND NOT contains({v}, '\"') AND NOT contains({v}, '\\') "
              f"AND NOT contains(replace({inner}, ''', ''', ''), '''')")
    return (f"CASE WHEN {v} IS NULL OR {v} = '[]' THEN []::VARCHAR[] "
            f"WHEN {simple} THEN string_split({inner}, ''', ''') "
            f"WHEN regexp_full_match({v}, '\\[\\s*\\]') THEN []::VARCHAR[] "
            f"WHEN regexp_matches({v}, '^\\[\\s*[''\"]') THEN {quoted} "
            f"ELSE {plain} END")


def pipe_list_expr(v: str) -> str:
    """SQL: a ``|``-separated field (poll choices) as LIST(VARCHAR)."""
    return (f"CASE WHEN {v} IS NULL THEN []::VARCHAR[] ELSE "
            f"list_filter(list_transform(string_split({v}, '|'), lambda x: trim(x)), lambda x: x <> '') END")


def _snowflake_expr() -> str:
    """The tweet id's own creation time (to the millisecond), from layer 2 facts."""
    ms = snowflake_ms_sql("tweetid", digits_sql='"_tweetid_digits"')
    return f"make_timestamp(({ms}) * 1000)::TIMESTAMPTZ"


def _missing_type(col: str) -> str:
    return ("VARCHAR[]" if col in LIST_COLUMNS + PIPE_LIST_COLUMNS else
            "BIGINT" if col in COUNT_COLUMNS else "BOOLEAN" if col in BOOL_COLUMNS else
            "DOUBLE" if col in COORD_COLUMNS else "DATE" if col in DATE_COLUMNS else
            "TIMESTAMPTZ" if col == "tweet_time" else "VARCHAR")


def build_select(header: tuple[str, ...], kind: str, scan: str) -> tuple[str, list[str], list[str]]:
    """The query typing one file's rows (layers described above), plus the
    archive columns the file lacks (filled with nulls) and the extra columns it
    carries (kept as text)."""
    expected = TWEET_COLUMNS if kind == "tweets" else USER_COLUMNS
    present = set(header)
    missing = [c for c in expected if c not in present]
    extra = [c for c in header if c not in set(expected) and c]
    key = "tweetid" if kind == "tweets" else "userid"

    clean = [f"{_clean(c) if c in set(expected) else quote_name(c)} AS {quote_name(c)}" for c in header if c]
    typed: list[str] = []     # layer 2
    exact: list[str] = []     # between 2 and 3: the tweet id's time
    final: list[str] = []     # layer 3
    issues: list[tuple[str, str, str]] = []   # (column, condition, problem)

    def keep_raw(col: str) -> None:
        typed.append(f"{quote_name(col)} AS {_raw(col)}")

    for col in expected:
        v = quote_name(col)
        if col not in present:
            typ = _missing_type(col)
            final.append(f"{'[]' if typ == 'VARCHAR[]' else 'NULL'}::{typ} AS {v}")
            if col == "latitude":
                final.append("NULL::VARCHAR AS geo")
            if col == "tweet_time":
                final.append("NULL::TIMESTAMPTZ AS tweet_time_exact")
            continue
        final.append(v)
        if col in ID_COLUMNS:
            typed.append(f"CASE WHEN NOT {damaged_id(v)} THEN {v} END AS {v}")
            keep_raw(col)
            problem = ("id written as a float: digits lost" if col not in ("tweetid", "userid") else None)
            if problem:
                issues.append((col, f"{_raw(col)} IS NOT NULL AND {v} IS NULL", problem))
        elif col in COUNT_COLUMNS:
            typed.append(f"{int_expr(v)} AS {v}")
            keep_raw(col)
            issues.append((col, f"{_raw(col)} IS NOT NULL AND {v} IS NULL", "not a whole number"))
        elif col in BOOL_COLUMNS:
            typed.append(f"{bool_expr(v)} AS {v}")
            keep_raw(col)
            issues.append((col, f"{_raw(col)} IS NOT NULL AND {v} IS NULL", "not true/false"))
        elif col in DATE_COLUMNS:
            typed.append(f"{date_expr(v)} AS {v}")
            keep_raw(col)
            issues.append((col, f"{_raw(col)} IS NOT NULL AND {v} IS NULL", "not a date"))
        elif col == "tweet_time":
            typed.append(f"{time_expr(v)} AS tweet_time")
            keep_raw(col)
            if "tweetid" in present:
                # Decoded once, in a layer of its own: it feeds both the
                # column and the check below, and DuckDB does not share an
                # expression between them.
                exact.append(f"{_snowflake_expr()} AS tweet_time_exact")
                final.append("tweet_time_exact")
                # tweet_time is cut to the minute, so the id's time lies in
                # [tweet_time, tweet_time + 60 s); allow a minute either way.
                gap = "abs(epoch(tweet_time_exact) - epoch(tweet_time))"
                issues.append((col, f"coalesce({gap} > 120, false)",
                               "differs by over 2 minutes from the time in the tweet id"))
            else:
                final.append("NULL::TIMESTAMPTZ AS tweet_time_exact")
        elif col in COORD_COLUMNS:
            word = f"lower({_raw(col)}) IN ('absent', 'present')"
            typed.append(f"TRY_CAST({v} AS DOUBLE) AS {v}")
            keep_raw(col)
            issues.append((col, f"{_raw(col)} IS NOT NULL AND NOT {word} AND {v} IS NULL",
                           "not a number, 'absent' or 'present'"))
            if col == "latitude":
                final.append(f"CASE WHEN {word} THEN lower({_raw(col)}) "
                             f"WHEN {v} IS NOT NULL THEN 'coordinates' END AS geo")
        elif col in LIST_COLUMNS:
            typed.append(f"{list_expr(v)} AS {v}")
        elif col in PIPE_LIST_COLUMNS:
            typed.append(f"{pipe_list_expr(v)} AS {v}")
        elif col in LOWERCASE_COLUMNS:
            typed.append(f"lower({v}) AS {v}")
        else:
            typed.append(f"{v}")

    if kind == "tweets":
        # A tweet's kind comes from the presence of its linked ids, so it
        # survives an id damaged by a float round-trip (the id itself is set
        # to null and reported as a value issue).
        for flag, cols in (("is_reply", ("in_reply_to_tweetid",)),
                           ("is_quote", ("quoted_tweet_tweetid",))):
            there = [c for c in cols if c in present]
            final.append(f"({' OR '.join(f'{_raw(c)} IS NOT NULL' for c in there)}) AS {flag}" if there
                         else f"NULL::BOOLEAN AS {flag}")
    if key == "tweetid":
        typed.append("coalesce(regexp_full_match(tweetid, '[0-9]+'), false) AS \"_tweetid_digits\"")
        reason = ("CASE WHEN \"_raw:tweetid\" IS NULL THEN 'missing tweetid' "
                  "WHEN NOT \"_tweetid_digits\" THEN 'tweetid is not a whole number "
                  "(an id written as a float, like 9.06e+17, has lost digits)' "
                  "WHEN \"_raw:userid\" IS NULL THEN 'missing userid' "
                  "WHEN userid IS NULL THEN 'userid written as a float (digits lost)' "
                  "WHEN tweet_time IS NULL THEN CASE WHEN \"_raw:tweet_time\" IS NULL "
                  "THEN 'missing tweet_time' ELSE 'unparseable tweet_time' END END")
        reason_col = ("CASE WHEN \"_raw:tweetid\" IS NULL OR NOT \"_tweetid_digits\" THEN 'tweetid' "
                      "WHEN userid IS NULL THEN 'userid' ELSE 'tweet_time' END")
    else:
        reason = ("CASE WHEN \"_raw:userid\" IS NULL THEN 'missing userid' "
                  "WHEN userid IS NULL THEN 'userid written as a float (digits lost)' END")
        reason_col = "'userid'"
    final.append(f"{reason} AS _reason")
    final.append(f"{reason_col} AS _reason_column")
    if issues:
        # Most rows have no issue: test first, build the list only when needed.
        any_issue = " OR ".join(f"({cond})" for _, cond, _ in issues)
        items = ", ".join(f"CASE WHEN {cond} THEN {{'column': {quote_str(col)}, 'value': {_raw(col)}::VARCHAR, "
                          f"'problem': {quote_str(problem)}}} END" for col, cond, problem in issues)
        final.append(f"CASE WHEN {any_issue} THEN list_filter([{items}], lambda x: x IS NOT NULL) END AS _issues")
    else:
        final.append("NULL::STRUCT(\"column\" VARCHAR, \"value\" VARCHAR, problem VARCHAR)[] AS _issues")
    final.extend(quote_name(c) for c in extra)
    typed.extend(quote_name(c) for c in extra)
    layer2 = f"SELECT {', '.join(typed)}\n      FROM (SELECT {', '.join(clean)} FROM {scan})"
    if exact:
        layer2 = f"SELECT *, {', '.join(exact)} FROM ({layer2})"
    sql = f"SELECT {', '.join(final)}\nFROM ({layer2})"
    return sql, missing, extra
