"""The reader on small fixtures that reproduce each quirk of the archive format
(shared/ARCHIVE_FORMAT.md)."""

from __future__ import annotations

import gzip
import os
import shutil
import time
import zipfile

import pandas as pd
import pytest

import infoops
from infoops.discover import campaign_from_name, discover, kind_from_name
from infoops.schema import TWEET_COLUMNS, USER_COLUMNS

from conftest import USER_BASE, snowflake, tweet_rows, write_csv


# ----------------------------------------------------------------- types


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


def test_hashed_flag_for_hex_and_base64_ids(tmp_path):
    rows = tweet_rows(3)
    rows[0]["userid"] = "b" * 64
    rows[1]["userid"] = "3PGzTwb+Kk4yCSOyqgAZ3zPaUJ7xE3L+BSppo6ZLw8U="
    rows[2]["userid"] = "883565926473486336"
    ds = infoops.load(write_csv(tmp_path / "x_tweets.csv", rows), progress=False)
    flags = ds.accounts.set_index("userid")["is_hashed"]
    assert flags["b" * 64] and flags["3PGzTwb+Kk4yCSOyqgAZ3zPaUJ7xE3L+BSppo6ZLw8U="]
    assert not flags["883565926473486336"]


# ----------------------------------------------------------------- accounting of rows


def test_rejections_name_record_column_and_reason(tmp_path):
    rows = tweet_rows(6)
    rows[1]["tweet_time"] = "not a time"
    rows[2]["tweetid"] = ""
    rows[3]["tweetid"] = rows[0]["tweetid"]  # duplicate
    rows[4]["userid"] = ""
    f = write_csv(tmp_path / "x_tweets.csv", rows)
    ds = infoops.load(f, progress=False)
    assert len(ds.tweets) == 2
    rej = ds.rejected.sort_values("record")
    assert rej["record"].tolist() == [2, 3, 4, 5]
    assert rej["column"].tolist() == ["tweet_time", "tweetid", "tweetid", "userid"]
    reasons = rej["reason"].tolist()
    assert reasons[0] == "unparseable tweet_time" and reasons[1] == "missing tweetid"
    assert reasons[2].startswith("duplicate tweetid (first at record 1)")
    assert reasons[3] == "missing userid"
    r = ds.files.iloc[0]
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (6, 2, 4)


def _broken_file(tmp_path, n=5, bad_at=2):
    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(n))
    lines = f.read_text().splitlines(keepends=True)
    # Record `bad_at` (1-based) gets an extra field: a malformed record.
    lines[bad_at] = lines[bad_at].rstrip("\n") + ',"extra"\n'
    f.write_text("".join(lines))
    return f


def test_malformed_record_in_the_middle_keeps_record_numbers_right(tmp_path):
    f = _broken_file(tmp_path)
    rows = pd.read_csv(f, dtype=str, on_bad_lines="skip")
    ds = infoops.load(f, progress=False)
    assert len(ds.tweets) == 4
    rej = ds.rejected
    assert rej["record"].tolist() == [2] and "TOO MANY COLUMNS" in rej["reason"].iloc[0]
    # The loaded rows keep their own record numbers: 1, 3, 4, 5.
    assert sorted(ds.tweets["source_record"].tolist()) == [1, 3, 4, 5]
    assert set(ds.tweets["tweetid"]) == set(rows["tweetid"])


def test_value_issue_after_a_broken_record_names_the_true_record(tmp_path):
    rows = tweet_rows(5)
    rows[3]["like_count"] = "many"
    f = write_csv(tmp_path / "x_tweets.csv", rows)
    lines = f.read_text().splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + ',"extra"\n'  # record 2 broken
    f.write_text("".join(lines))
    iss = infoops.load(f, progress=False).value_issues
    assert iss[["record", "column", "value"]].values.tolist() == [[4, "like_count", "many"]]


def test_truncated_download_loads_whole_records_and_reports_the_tail(tmp_path):
    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(4))
    text = f.read_text()
    f.write_text(text + '"1085299999999999999","abc","a cut off text that never clos')
    ds = infoops.load(f, progress=False)
    assert len(ds.tweets) == 4
    rej = ds.rejected
    assert len(rej) == 1 and rej["record"].iloc[0] == 5
    assert "unterminated quote" in rej["reason"].iloc[0]
    assert rej["id"].iloc[0] == "1085299999999999999"
    assert "never clos" in rej["raw"].iloc[0]


def test_duplicate_tweets_across_files_are_reported_once(tmp_path):
    rows = tweet_rows(4)
    write_csv(tmp_path / "c_201901_1_tweets_csv_hashed_1.csv", rows[:3])
    write_csv(tmp_path / "c_201901_1_tweets_csv_hashed_2.csv", rows[2:])
    ds = infoops.load(tmp_path, progress=False)
    assert len(ds.tweets) == 4
    assert ds.rejected["reason"].str.startswith("duplicate tweetid (also in").sum() == 1
    f = ds.files.set_index(ds.files["file"].str.extract(r"_(\d)\.csv$")[0])
    assert f.loc["2", "rows_rejected"] == 1 and f.loc["2", "rows_loaded"] == 1
    assert ds.files["rows_read"].sum() == ds.files["rows_loaded"].sum() + ds.files["rows_rejected"].sum()


# ----------------------------------------------------------------- discovery


@pytest.mark.parametrize("name,campaign,kind", [
    ("venezuela_201901_1_tweets_csv_hashed_2.csv", "venezuela_201901_1", "tweets"),
    ("venezuela_201901_1_users_csv_hashed.csv", "venezuela_201901_1", "users"),
    ("venezuela_linked_tweets_csv_hashed.csv", "venezuela_201901_2", "tweets"),
    ("russian_linked_tweets_csv_hashed.csv", "russia_201901_1", "tweets"),
    ("iran_201901_1_tweets_csv_hashed_4.csv.gz", "iran_201901_1", "tweets"),
    ("unhashed_2019_08_saudi_arabia_082019_1_users_csv_unhashed.zip", "saudi_arabia_082019_1", "users"),
    ("turkey_052020_tweets_csv_unhashed_2009.csv", "turkey_052020", "tweets"),
    ("Venezuela_0621_tweets_csv_hashed_01.csv", "Venezuela_0621", "tweets"),
    ("russia_201901_1_head407.csv", "russia_201901_1", None),
    ("synthetic_venezuela_linked_tweets_csv_hashed.csv", "synthetic_venezuela_201901_2", "tweets"),
])
def test_campaign_and_kind_from_file_names(name, campaign, kind):
    assert campaign_from_name(name) == campaign
    assert kind_from_name(name) == kind


def test_discovers_parts_gzip_zip_year_folders_and_renamed_files(tmp_path):
    rows = tweet_rows(8)
    rel = tmp_path / "release"
    write_csv(rel / "2019" / "camp_201901_1_tweets_csv_hashed_part1.csv", rows[0:2])
    p2 = write_csv(tmp_path / "tmp2.csv", rows[2:4])
    with open(p2, "rb") as src, gzip.open(rel / "2019" / "camp_201901_1_tweets_csv_hashed_part2.csv.gz", "wb") as dst:
        shutil.copyfileobj(src, dst)
    p3 = write_csv(tmp_path / "tmp3.csv", rows[4:6])
    with zipfile.ZipFile(rel / "hashed_2019_01_camp_201901_1_tweets.zip", "w") as z:
        z.write(p3, "camp_201901_1_tweets_csv_hashed_3.csv")
    write_csv(rel / "2020" / "my_renamed_copy.csv", rows[6:8])  # no kind in name: by header
    write_csv(rel / "camp_201901_1_users_csv_hashed.csv", [USER_BASE], columns=USER_COLUMNS, base=USER_BASE)
    (rel / "notes.txt").write_text("not data")
    write_csv(rel / "my_analysis.csv", [{"a": "1"}], columns=["a", "b"], base={})
    ds = infoops.load(rel, progress=False)
    assert len(ds.tweets) == 8
    kinds = ds.files.groupby("kind").size().to_dict()
    assert kinds == {"tweets": 4, "users": 1}
    assert set(ds.files["campaign"]) == {"camp_201901_1", "my_renamed_copy"}
    ignored = {os.path.basename(i.path): i.reason for i in ds.ignored}
    assert "notes.txt" in ignored and "my_analysis.csv" in ignored
    assert "ignored" in ds.summary()


def test_campaign_override_and_campaign_column(tmp_path):
    rows = tweet_rows(3, campaign_inferred="uganda_0621")
    rows[2]["campaign_inferred"] = ""
    f = write_csv(tmp_path / "mix.csv", rows, columns=list(TWEET_COLUMNS) + ["campaign_inferred"])
    assert set(infoops.load(f, campaign="mine", progress=False).tweets["campaign"]) == {"mine"}
    t = infoops.load(f, campaign_column="campaign_inferred", progress=False).tweets
    assert sorted(t["campaign"]) == ["mix", "uganda_0621", "uganda_0621"]


def test_accounts_from_users_file_or_from_tweets(tmp_path):
    rows = tweet_rows(3)
    rows[0]["userid"] = "u1"
    rows[1]["userid"] = "u1"
    rows[1]["follower_count"] = "500"  # latest profile wins
    rows[2]["userid"] = "u2"
    write_csv(tmp_path / "only" / "c_201901_1_tweets_csv_hashed.csv", rows)
    acc = infoops.load(tmp_path / "only", progress=False).accounts.set_index("userid")
    assert acc.loc["u1", "n_tweets"] == 2 and acc.loc["u1", "follower_count"] == 500
    assert set(acc["profile_source"]) == {"tweets"}
    users = [{**USER_BASE, "userid": "u1", "follower_count": "7"}, {**USER_BASE, "userid": "u9"}]
    write_csv(tmp_path / "both" / "c_201901_1_users_csv_hashed.csv", users, columns=USER_COLUMNS, base=USER_BASE)
    write_csv(tmp_path / "both" / "c_201901_1_tweets_csv_hashed.csv", rows)
    acc = infoops.load(tmp_path / "both", progress=False).accounts.set_index("userid")
    assert acc.loc["u1", "profile_source"] == "users file" and acc.loc["u1", "follower_count"] == 7
    assert acc.loc["u9", "n_tweets"] == 0  # in the users file, never tweeted
    assert acc.loc["u2", "profile_source"] == "tweets"  # tweeted, missing from users file


# ----------------------------------------------------------------- cache


def test_second_load_reads_cache_and_a_changed_file_invalidates_it(tmp_path):
    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(3))
    first = infoops.load(f, progress=False)
    assert not first.files["from_cache"].any()
    second = infoops.load(f, progress=False)
    assert second.files["from_cache"].all()
    assert second.tweets.equals(first.tweets)
    time.sleep(0.01)
    write_csv(f, tweet_rows(4))
    third = infoops.load(f, progress=False)
    assert not third.files["from_cache"].any() and len(third.tweets) == 4


def test_same_size_edit_invalidates_cache(tmp_path):
    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(2, tweet_text="aaaa"))
    infoops.load(f, progress=False)
    st = f.stat()
    f.write_text(f.read_text().replace("aaaa", "bbbb"))
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size and same mtime
    ds = infoops.load(f, progress=False)
    assert not ds.files["from_cache"].any()
    assert set(ds.tweets["tweet_text"]) == {"bbbb"}


# ----------------------------------------------------------------- bad input


def test_missing_required_columns_are_listed(tmp_path):
    cols = [c for c in TWEET_COLUMNS if c not in ("tweet_time", "userid")]
    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(1), columns=cols)
    with pytest.raises(infoops.MissingColumnsError) as e:
        infoops.load(f, progress=False)
    assert str(f) in str(e.value) and "userid, tweet_time" in str(e.value)


def test_empty_file(tmp_path):
    f = tmp_path / "x_tweets_csv_hashed.csv"
    f.write_bytes(b"")
    with pytest.raises(infoops.ArchiveError, match=r"x_tweets_csv_hashed\.csv: the file is empty"):
        infoops.load(f, progress=False)


def test_not_archive_format(tmp_path):
    f = write_csv(tmp_path / "results.csv", [{"a": "1"}], columns=["a", "b", "c"], base={})
    with pytest.raises(infoops.ArchiveError, match="not in the archive format"):
        infoops.load(f, progress=False)
    g = tmp_path / "x_tweets.csv"
    g.write_bytes(b"\x1f\x8b\x08\x00\x00\x00" + bytes(200))
    with pytest.raises(infoops.ArchiveError, match="NUL bytes"):
        infoops.load(g, progress=False)


def test_folder_without_archive_files(tmp_path):
    (tmp_path / "readme.md").write_text("x")
    with pytest.raises(infoops.ArchiveError, match="no archive tweets or users files found"):
        infoops.load(tmp_path, progress=False)


def test_zip_member_escaping_target_folder_is_refused(tmp_path):
    src = write_csv(tmp_path / "a.csv", tweet_rows(1))
    z = tmp_path / "evil_tweets.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(src, "../../outside_tweets.csv")
    with pytest.raises(infoops.UnsafeZipError, match="escapes the target folder"):
        infoops.load(z, progress=False)


def test_zip_bomb_is_refused(tmp_path):
    z = tmp_path / "bomb_tweets.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open("bomb_tweets.csv", "w") as fh:
            fh.write(b'"tweetid","userid","tweet_time"\n')
            chunk = b"0" * (1 << 20)
            for _ in range(100):  # 100 MiB of zeros, compressing about 1000 times
                fh.write(chunk)
    assert z.stat().st_size < 1_000_000
    with pytest.raises(infoops.UnsafeZipError, match="would expand"):
        infoops.load(z, progress=False)
    with pytest.raises(infoops.UnsafeZipError, match="more than the limit"):
        discover(z, max_unzipped_bytes=10_000_000, max_zip_ratio=1e9)


def test_zip_members_load_like_files(tmp_path):
    src = write_csv(tmp_path / "a.csv", tweet_rows(3))
    z = tmp_path / "c_201901_1.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(src, "inner/c_201901_1_tweets_csv_hashed.csv")
    ds = infoops.load(z, progress=False)
    assert len(ds.tweets) == 3 and ds.files["file"].iloc[0].endswith("!inner/c_201901_1_tweets_csv_hashed.csv")
    assert infoops.load(z, progress=False).files["from_cache"].all()


def test_record_numbers_follow_the_file_on_a_parallel_scan(tmp_path):
    """Large enough for DuckDB to read in parallel chunks: record numbers must
    still be positions in the file (a plain parallel COPY does not keep file
    order; the reader's numbering must)."""
    rows = tweet_rows(120_000, tweet_text="x" * 150)
    f = write_csv(tmp_path / "big_tweets.csv", rows)
    assert f.stat().st_size > 30_000_000
    t = infoops.load(f, progress=False).sql("SELECT source_record, tweetid FROM tweets ORDER BY source_record")
    assert t["tweetid"].tolist() == [r["tweetid"] for r in rows]
    assert t["source_record"].tolist() == list(range(1, len(rows) + 1))


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


def test_clean_file_numbers_records_by_position_and_a_dirty_one_explicitly(tmp_path):
    """A clean file's cache keeps no record column (row i is record i + 1); a
    file with a rejected row stores the numbers. Both give the same answer."""
    rows = tweet_rows(5)
    clean = infoops.load(write_csv(tmp_path / "a_tweets.csv", rows), progress=False)
    assert clean.entries[0].report["record_numbers"] == "row_index"
    assert clean.tweets.sort_values("source_record")["source_record"].tolist() == [1, 2, 3, 4, 5]
    rows[1]["tweet_time"] = ""
    dirty = infoops.load(write_csv(tmp_path / "b_tweets.csv", rows), progress=False)
    assert dirty.entries[0].report["record_numbers"] == "column"
    assert dirty.tweets.sort_values("source_record")["source_record"].tolist() == [1, 3, 4, 5]


def test_progress_callback_reaches_one_and_a_warm_cache_shows_no_bar(tmp_path, capsys):
    from infoops.convert import convert

    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(50))
    src = discover(f)[0][0]
    seen: list[float] = []
    convert(src, progress=seen.append)
    assert seen and seen[-1] == 1.0 and all(0 <= s <= 1 for s in seen)
    infoops.load(f, progress=True)
    capsys.readouterr()
    infoops.load(f, progress=True)  # cached: nothing to convert, no bar
    assert "converting" not in capsys.readouterr().err
