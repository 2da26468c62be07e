"""Tests of :mod:`infoops.archive.typing_sql`."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import snowflake, tweet_rows, write_csv

import infoops
from infoops.archive.schema import TWEET_COLUMNS


def test_ids_stay_text_with_every_digit(tmp_path):
    rows = tweet_rows(2)
    rows[0].update(userid="1234567890123456789", in_reply_to_tweetid="1085200000000000007",
                   retweet_tweetid="999999999999999999")
    f = write_csv(tmp_path / "x_tweets.csv", rows)
    t = infoops.load(f, progress=False).tweets
    assert set(t["tweetid"]) == {r["tweetid"] for r in rows}
    r0 = t.set_index("tweetid").loc[rows[0]["tweetid"]]
    assert r0["userid"] == "1234567890123456789"
    assert r0["in_reply_to_tweetid"] == "1085200000000000007"
    assert r0["retweet_tweetid"] == "999999999999999999"
    for col in ("tweetid", "userid", "in_reply_to_tweetid", "retweet_tweetid"):
        assert pd.api.types.is_string_dtype(t[col]), col


def test_float_damaged_ids_are_rejected_or_reported_never_loaded_as_numbers(tmp_path):
    rows = tweet_rows(3)
    rows[1]["tweetid"] = "9.06e+17"
    rows[2]["retweet_tweetid"] = "1.0743924683581358e+18"
    f = write_csv(tmp_path / "x_tweets.csv", rows)
    ds = infoops.load(f, progress=False)
    assert len(ds.tweets) == 2
    rej = ds.rejected
    assert list(rej["record"]) == [2] and rej["column"].iloc[0] == "tweetid"
    assert "not a whole number" in rej["reason"].iloc[0]
    iss = ds.value_issues
    assert list(iss["column"]) == ["retweet_tweetid"] and list(iss["record"]) == [3]
    assert iss["value"].iloc[0] == "1.0743924683581358e+18"
    assert ds.tweets.set_index("tweetid").loc[rows[2]["tweetid"], "retweet_tweetid"] is pd.NA or pd.isna(
        ds.tweets.set_index("tweetid").loc[rows[2]["tweetid"], "retweet_tweetid"])


def test_hex_hash_ending_like_an_exponent_is_not_mistaken_for_a_float(tmp_path):
    h = "7af51606a06a040486303a169fd7de393b79c1d860942111f87bc41816bbe600"
    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(1, in_reply_to_userid=h))
    ds = infoops.load(f, progress=False)
    assert ds.tweets["in_reply_to_userid"].iloc[0] == h
    assert len(ds.value_issues) == 0


def test_times_are_utc_and_snowflake_gives_the_second(tmp_path):
    ms = 1548250995123  # 2019-01-23 13:43:15.123 UTC
    f = write_csv(tmp_path / "x_tweets.csv", [{"tweetid": snowflake(ms), "tweet_time": "2019-01-23 13:43"}])
    t = infoops.load(f, progress=False).tweets
    assert str(t["tweet_time"].dt.tz) == "UTC"
    assert t["tweet_time"].iloc[0] == pd.Timestamp("2019-01-23 13:43", tz="UTC")
    assert t["tweet_time_exact"].iloc[0] == pd.Timestamp(ms, unit="ms", tz="UTC")


def test_pre_snowflake_ids_have_no_exact_time(tmp_path):
    f = write_csv(tmp_path / "x_tweets.csv", [{"tweetid": "7512345678", "tweet_time": "2010-01-11 10:00"}])
    t = infoops.load(f, progress=False).tweets
    assert pd.isna(t["tweet_time_exact"].iloc[0])
    assert t["tweet_time"].iloc[0] == pd.Timestamp("2010-01-11 10:00", tz="UTC")


def test_snowflake_disagreeing_with_tweet_time_is_reported(tmp_path):
    ms = 1548250995123
    f = write_csv(tmp_path / "x_tweets.csv", [{"tweetid": snowflake(ms), "tweet_time": "2019-01-23 18:00"}])
    ds = infoops.load(f, progress=False)
    assert len(ds.tweets) == 1
    assert ds.value_issues["column"].tolist() == ["tweet_time"]


@pytest.mark.parametrize("raw,expected", [("true", True), ("false", False), ("True", True),
                                          ("False", False), ("", None)])
def test_booleans_in_every_spelling(tmp_path, raw, expected):
    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(1, is_retweet=raw))
    v = infoops.load(f, progress=False).tweets["is_retweet"].iloc[0]
    assert (v is pd.NA if expected is None else bool(v) is expected)


def test_counts_written_as_floats_by_pandas_are_integers(tmp_path):
    rows = tweet_rows(2, follower_count="283.0", like_count="5.0", retweet_count="0.0")
    rows[1]["like_count"] = "2.5"  # not a whole number: reported, not rounded
    f = write_csv(tmp_path / "x_tweets.csv", rows)
    ds = infoops.load(f, progress=False)
    t = ds.tweets
    assert str(t["follower_count"].dtype) == "Int64"
    assert t["follower_count"].tolist() == [283, 283]
    assert t["like_count"].iloc[0] == 5 and pd.isna(t["like_count"].iloc[1])
    iss = ds.value_issues
    assert iss[["column", "value", "record"]].values.tolist() == [["like_count", "2.5", 2]]


def test_counts_duckdb_would_bend_are_reported_not_read_as_numbers(tmp_path):
    # DuckDB's own CSV casts read these as 284, 1000, 16 and 1000 without a word
    # (benchmarks/profile_conversion.py); the reader must not.
    odd = ["283.5", "1e3", "0x10", "1_000"]
    rows = tweet_rows(len(odd))
    for r, v in zip(rows, odd):
        r["like_count"] = v
    ds = infoops.load(write_csv(tmp_path / "x_tweets.csv", rows), progress=False)
    assert ds.tweets["like_count"].isna().all()
    assert sorted(ds.value_issues["value"]) == sorted(odd)


@pytest.mark.parametrize("raw,expected", [
    ("[]", []),
    ("", []),
    ("['SyrianArmy', 'Hama']", ["SyrianArmy", "Hama"]),
    ("[SyrianArmy, Hama]", ["SyrianArmy", "Hama"]),
    ("['سورية_النظر_من_الداخل']", ["سورية_النظر_من_الداخل"]),
    ('["it\'s", \'b\']', ["it's", "b"]),
    ("['http://a.example/x,y', 'http://b.example/']", ["http://a.example/x,y", "http://b.example/"]),
    ("[123456789, 987654321]", ["123456789", "987654321"]),
])
def test_list_fields_in_every_encoding(tmp_path, raw, expected):
    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(1, hashtags=raw, urls=raw, user_mentions=raw))
    t = infoops.load(f, progress=False).tweets
    for col in ("hashtags", "urls", "user_mentions"):
        assert list(t[col].iloc[0]) == expected, col


def test_poll_choices_are_pipe_separated_and_may_be_missing(tmp_path):
    f = write_csv(tmp_path / "a_tweets.csv", tweet_rows(1, poll_choices="Sí|No|Tal vez"))
    assert list(infoops.load(f, progress=False).tweets["poll_choices"].iloc[0]) == ["Sí", "No", "Tal vez"]
    cols = [c for c in TWEET_COLUMNS if c != "poll_choices"]
    f2 = write_csv(tmp_path / "b_tweets.csv", tweet_rows(1), columns=cols)
    ds = infoops.load(f2, progress=False)
    assert list(ds.tweets["poll_choices"].iloc[0]) == []
    assert ds.files["columns_missing"].iloc[0] == "poll_choices"


def test_columns_are_read_by_name_not_position(tmp_path):
    cols = list(TWEET_COLUMNS)
    i, j = cols.index("in_reply_to_userid"), cols.index("in_reply_to_tweetid")
    cols[i], cols[j] = cols[j], cols[i]
    f = write_csv(tmp_path / "x_tweets.csv",
                  tweet_rows(1, in_reply_to_userid="42", in_reply_to_tweetid="1085100000000000000"),
                  columns=cols)
    t = infoops.load(f, progress=False).tweets
    assert t["in_reply_to_userid"].iloc[0] == "42"
    assert t["in_reply_to_tweetid"].iloc[0] == "1085100000000000000"


def test_coordinates_numbers_absent_and_present(tmp_path):
    rows = tweet_rows(3)
    rows[0].update(latitude="10.48", longitude="-66.9")
    rows[1].update(latitude="absent", longitude="absent")
    rows[2].update(latitude="present", longitude="present")
    t = infoops.load(write_csv(tmp_path / "x_tweets.csv", rows), progress=False).tweets
    t = t.set_index("tweetid").loc[[r["tweetid"] for r in rows]]
    assert t["latitude"].iloc[0] == pytest.approx(10.48) and pd.isna(t["latitude"].iloc[1])
    assert t["geo"].tolist() == ["coordinates", "absent", "present"]


def test_texts_with_quotes_commas_newlines_emoji_and_scripts_survive(tmp_path):
    texts = ['Dijo "basta", y\nse fue 🇻🇪', "Привет, мир", "مرحبا", "<script>alert(1)</script> &amp;"]
    rows = tweet_rows(len(texts))
    for r, x in zip(rows, texts):
        r["tweet_text"] = x
    t = infoops.load(write_csv(tmp_path / "x_tweets.csv", rows), progress=False).tweets
    assert sorted(t["tweet_text"]) == sorted(texts)


def test_free_text_is_kept_as_written_and_typed_values_are_trimmed(tmp_path):
    rows = tweet_rows(2)
    rows[0].update(user_display_name=" Ana  ", tweet_text="  hola ", follower_count=" 12 ",
                   is_retweet=" false", account_language=" ES ")
    rows[1].update(user_display_name="", tweet_text="x")
    t = infoops.load(write_csv(tmp_path / "x_tweets.csv", rows), progress=False).tweets
    r0 = t.iloc[0]
    assert r0["user_display_name"] == " Ana  " and r0["tweet_text"] == "  hola "
    assert r0["follower_count"] == 12 and not r0["is_retweet"] and r0["account_language"] == "es"
    assert pd.isna(t.iloc[1]["user_display_name"])  # an empty field is missing, not ""


def test_language_codes_are_lowercased(tmp_path):
    rows = tweet_rows(2, account_language="zh-CN")
    rows[1]["account_language"] = "zh-cn"
    t = infoops.load(write_csv(tmp_path / "x_tweets.csv", rows), progress=False).tweets
    assert set(t["account_language"]) == {"zh-cn"}


def test_python_list_reprs_parse_back_exactly_on_the_fast_path_and_off_it(tmp_path):
    """The reader splits the common "['a', 'b']" form without a regex; every
    Python repr (quotes, separators and backslashes inside items included)
    must still come back item for item."""
    import random

    rng = random.Random(7)
    alphabet = ["a", "b", "Z", " ", ",", "'", '"', "\\", "', '", "[", "]", "é", "#", "/", ":"]
    lists = [[], [""], ["a', 'b"], ["it's"], ['say "hi"'], ["back\\slash"], ["x", "", "y"]]
    for _ in range(400):
        lists.append(["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
                      for _ in range(rng.randint(1, 4))])
    rows = tweet_rows(len(lists))
    for r, items in zip(rows, lists):
        r["hashtags"] = repr(items)
    f = write_csv(tmp_path / "x_tweets.csv", rows)
    t = infoops.load(f, progress=False).tweets.set_index("tweetid")
    for r, items in zip(rows, lists):
        assert list(t.loc[r["tweetid"], "hashtags"]) == items, r["hashtags"]


def test_float_damaged_userid_is_rejected_not_loaded_as_null(tmp_path):
    rows = tweet_rows(3)
    rows[1]["userid"] = "2.668908041e+09"
    f = write_csv(tmp_path / "x_tweets.csv", rows)
    ds = infoops.load(f, progress=False)
    assert ds.tweets["userid"].notna().all() and len(ds.tweets) == 2
    rej = ds.rejected
    assert rej["record"].tolist() == [2] and rej["column"].tolist() == ["userid"]
    assert "float" in rej["reason"].iloc[0]


def test_kind_flags_survive_float_damaged_linked_ids(tmp_path):
    rows = tweet_rows(3)
    rows[0]["in_reply_to_tweetid"] = "8.969299442945106e+17"
    rows[1]["quoted_tweet_tweetid"] = "9.06e+17"
    ds = infoops.load(write_csv(tmp_path / "c_tweets_csv_hashed.csv", rows), progress=False)
    t = ds.tweets.sort_values("tweetid")
    assert t["is_reply"].tolist() == [True, False, False] and t["is_quote"].tolist() == [False, True, False]
    assert t["in_reply_to_tweetid"].isna().all()  # the damaged value itself is not loaded ...
    assert set(ds.value_issues["column"]) == {"in_reply_to_tweetid", "quoted_tweet_tweetid"}  # ... but reported
