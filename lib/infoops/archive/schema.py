"""Column names and value types of the information-operations archive.

Facts from ``shared/ARCHIVE_FORMAT.md``: the 31 tweets columns (``poll_choices``
missing in some releases, column order not always the same), the 10 users
columns, and which columns hold ids, counts, booleans, dates and lists.
Everything here is read by name, never by position.
"""

from __future__ import annotations

TWEET_COLUMNS: tuple[str, ...] = (
    "tweetid",
    "userid",
    "user_display_name",
    "user_screen_name",
    "user_reported_location",
    "user_profile_description",
    "user_profile_url",
    "follower_count",
    "following_count",
    "account_creation_date",
    "account_language",
    "tweet_language",
    "tweet_text",
    "tweet_time",
    "tweet_client_name",
    "in_reply_to_userid",
    "in_reply_to_tweetid",
    "quoted_tweet_tweetid",
    "is_retweet",
    "retweet_userid",
    "retweet_tweetid",
    "latitude",
    "longitude",
    "quote_count",
    "reply_count",
    "like_count",
    "retweet_count",
    "hashtags",
    "urls",
    "user_mentions",
    "poll_choices",
)

# The users file holds the profile columns that every tweet row repeats.
USER_COLUMNS: tuple[str, ...] = TWEET_COLUMNS[1:11]

# A load stops when one of these is missing: without them a row is not a tweet
# (or an account) we can place in time or attribute.
REQUIRED_TWEET_COLUMNS: tuple[str, ...] = ("tweetid", "userid", "tweet_time")
REQUIRED_USER_COLUMNS: tuple[str, ...] = ("userid",)

ID_COLUMNS: tuple[str, ...] = (
    "tweetid",
    "userid",
    "in_reply_to_userid",
    "in_reply_to_tweetid",
    "quoted_tweet_tweetid",
    "retweet_userid",
    "retweet_tweetid",
)
COUNT_COLUMNS: tuple[str, ...] = (
    "follower_count",
    "following_count",
    "quote_count",
    "reply_count",
    "like_count",
    "retweet_count",
)
BOOL_COLUMNS: tuple[str, ...] = ("is_retweet",)
LIST_COLUMNS: tuple[str, ...] = ("hashtags", "urls", "user_mentions")
PIPE_LIST_COLUMNS: tuple[str, ...] = ("poll_choices",)
COORD_COLUMNS: tuple[str, ...] = ("latitude", "longitude")
DATE_COLUMNS: tuple[str, ...] = ("account_creation_date",)
# Free text, kept exactly as written (no trimming): names, descriptions, texts.
FREE_TEXT_COLUMNS: tuple[str, ...] = (
    "user_display_name",
    "user_screen_name",
    "user_reported_location",
    "user_profile_description",
    "user_profile_url",
    "tweet_text",
    "tweet_client_name",
)
# Columns written in mixed case in real files (``zh-cn`` / ``zh-CN``).
LOWERCASE_COLUMNS: tuple[str, ...] = ("account_language", "tweet_language")

# Twitter's snowflake epoch (2010-11-04 01:42:54.657 UTC), in milliseconds.
SNOWFLAKE_EPOCH_MS = 1288834974657
# The first snowflake ids were issued in November 2010; smaller numeric ids are
# sequential and carry no time.
FIRST_SNOWFLAKE_ID = 29_700_859_247


def snowflake_ms_sql(id_sql: str, digits_sql: str | None = None) -> str:
    """SQL for the milliseconds since the Unix epoch encoded in a snowflake id
    held as text: BIGINT, NULL for a missing, non-numeric or pre-snowflake id.

    ``digits_sql`` is a condition already known to say "the id is all digits"
    (saves a regex per row); without it the id is checked here. The one SQL
    form of ``timing.snowflake_ms``.
    """
    digits = digits_sql or f"regexp_full_match({id_sql}, '[0-9]+')"
    n = f"TRY_CAST({id_sql} AS UBIGINT)"
    return (f"CASE WHEN {digits} AND length({id_sql}) <= 20 AND {n} >= {FIRST_SNOWFLAKE_ID} "
            f"THEN (({n} >> 22) + {SNOWFLAKE_EPOCH_MS})::BIGINT END")
