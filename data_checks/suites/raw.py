"""Raw suites: the daily listing rows and the landing manifest of the partitions a run wrote, and each
day's volume against the weekdays before it.

The first two batches start from the manifest rows of the window, so a raw row whose `listing_date` drifted
off its partition is still read (and caught) instead of falling out of a `listing_date` filter.
"""

import os

from data_checks.spec import WARN_META, SuiteSpec

# New-style arXiv ids (from 2015-01) have five digits after the dot, older ones (2007-04 .. 2014-12) four.
# Every one of the 601 recorded items is new-style; old-style papers can still be listed, so both are allowed.
ARXIV_ID_REGEX = (
    r"^(?:(?:1[5-9]|[2-9][0-9])(?:0[1-9]|1[0-2])\.[0-9]{5}|(?:0[7-9]|1[0-4])(?:0[1-9]|1[0-2])\.[0-9]{4})$"
)
# The 41 recorded days hold 1..50 items (median 17); 200 is four times the busiest day. More than that
# points at a pagination loop re-reading pages, not at a busy day. DPW_MAX_ITEMS_PER_DAY raises it where
# days are denser on purpose (the 1M-paper benchmark packs 19 real days into one).
DEFAULT_MAX_ITEMS_PER_DAY = 200
# A listing read short (pages capped below `limit`, a client stopping early) lands a fraction of the day and
# every refetch lands the same fraction, so nothing else would notice it. A weekday holding under a quarter
# of the median of the 20 weekdays landed before it warns, once that median is meaningful (10+ items over
# 10+ weekdays). An empty weekday is not flagged: the API answers [] on holidays, the manifest records it as
# `empty`, and an empty answer from a passing outage is refetched by the next runs' refresh window.
LOW_VOLUME_SHARE = 0.25
TRAILING_WEEKDAYS = 20
MIN_TRAILING_WEEKDAYS = 10
MIN_TRAILING_MEDIAN = 10

DAILY_ITEMS_SQL = """
with fetches as (
    select fetch_id, partition_key
    from raw.landing_manifest
    where source = 'daily_papers' and partition_key between $start and $end
)

select
    d.ingestion_id,
    d.fetch_id,
    d.item_index,
    d.paper_id,
    d.title,
    d.listing_date,
    try_cast(f.partition_key as date) as partition_date,
    try_cast(left(d.item ->> '$.paper.submittedOnDailyAt', 10) as date) as item_listing_date,
    d.item ->> '$.paper.id' as item_paper_id,
    d.item ->> '$.paper.title' as item_title,
    try_cast(d.item ->> '$.paper.upvotes' as bigint) as upvotes,
    try_cast(d.item ->> '$.numComments' as bigint) as num_comments
from raw.hf_daily_papers as d
inner join fetches as f on d.fetch_id = f.fetch_id
"""

MANIFEST_SQL = """
with fetches as (
    select *
    from raw.landing_manifest
    where source = 'daily_papers' and partition_key between $start and $end
),

raw_items as (
    select fetch_id, count(*) as raw_items
    from raw.hf_daily_papers
    where fetch_id in (select fetch_id from fetches)
    group by fetch_id
),

quarantined_items as (
    select fetch_id, count(item_index) as quarantined_items
    from raw.quarantine
    where fetch_id in (select fetch_id from fetches)
    group by fetch_id
),

ingestions as (
    select
        partition_key,
        ingestion_id,
        max(fetched_at) as fetched_at,
        bool_or(outcome = 'ok') as any_ok,
        sum(coalesce(r.raw_items, 0)) as ingestion_items
    from fetches
    left join raw_items as r using (fetch_id)
    group by partition_key, ingestion_id
),

latest as (
    select *
    from ingestions
    qualify row_number() over (partition by partition_key order by fetched_at desc, ingestion_id desc) = 1
)

select
    f.fetch_id,
    f.ingestion_id,
    f.partition_key,
    f.outcome,
    case when f.outcome = 'ok' then f.status_code end as ok_status_code,
    f.item_count,
    -- a quarantined listing is not indexed at all, by design: its items wait for a refetch
    case
        when f.outcome <> 'quarantined' then coalesce(r.raw_items, 0) + coalesce(q.quarantined_items, 0)
    end as accounted_items,
    l.ingestion_items as day_items,
    case when l.ingestion_id is not null then not l.any_ok or l.ingestion_items > 0 end as day_has_items_if_ok
from fetches as f
left join raw_items as r on f.fetch_id = r.fetch_id
left join quarantined_items as q on f.fetch_id = q.fetch_id
left join latest as l on f.ingestion_id = l.ingestion_id
"""


DAILY_VOLUME_SQL = f"""
with ingestions as (
    select
        partition_key,
        ingestion_id,
        max(fetched_at) as fetched_at,
        bool_or(outcome = 'quarantined') as quarantined
    from raw.landing_manifest
    where source = 'daily_papers'
    group by partition_key, ingestion_id
),

latest as (
    select *
    from ingestions
    qualify row_number() over (partition by partition_key order by fetched_at desc, ingestion_id desc) = 1
),

items as (
    select ingestion_id, count(*) as items
    from raw.hf_daily_papers
    group by ingestion_id
),

weekdays as (
    select l.partition_key, coalesce(i.items, 0) as items
    from latest as l
    left join items as i on l.ingestion_id = i.ingestion_id
    where not l.quarantined and isodow(try_cast(l.partition_key as date)) <= 5
),

before_each as (
    select
        partition_key,
        items,
        median(items) over previous as trailing_median,
        count(*) over previous as trailing_weekdays
    from weekdays
    window previous as (
        order by partition_key rows between {TRAILING_WEEKDAYS} preceding and 1 preceding
    )
)

select
    partition_key,
    items,
    trailing_median,
    trailing_weekdays,
    case
        when items > 0
            and trailing_weekdays >= {MIN_TRAILING_WEEKDAYS}
            and trailing_median >= {MIN_TRAILING_MEDIAN}
            and items < {LOW_VOLUME_SHARE} * trailing_median
        then format('{{}}: {{}} items, trailing weekday median {{}}', partition_key, items, trailing_median)
    end as low_volume_day
from before_each
where partition_key between $start and $end
"""


def daily_items_expectations() -> list:
    import great_expectations as gx

    e = gx.expectations
    return [
        e.ExpectColumnValuesToNotBeNull(column="paper_id"),
        e.ExpectColumnValuesToNotBeNull(column="item_paper_id", description="The item JSON has paper.id"),
        e.ExpectColumnValuesToNotBeNull(column="item_title", description="The item JSON has paper.title"),
        e.ExpectColumnPairValuesToBeEqual(
            column_A="paper_id", column_B="item_paper_id", description="paper_id is the item's paper.id"
        ),
        e.ExpectColumnValuesToMatchRegex(column="paper_id", regex=ARXIV_ID_REGEX),
        e.ExpectColumnPairValuesToBeEqual(
            column_A="listing_date",
            column_B="partition_date",
            description="Rows sit in their fetch's partition",
        ),
        e.ExpectColumnPairValuesToBeEqual(
            column_A="item_listing_date",
            column_B="listing_date",
            ignore_row_if="either_value_is_missing",
            description="paper.submittedOnDailyAt (where present) is on the listing date",
        ),
        e.ExpectColumnValuesToBeBetween(column="upvotes", min_value=0),
        e.ExpectColumnValuesToBeBetween(column="num_comments", min_value=0),
        e.ExpectCompoundColumnsToBeUnique(
            column_list=["ingestion_id", "paper_id"], description="One ingestion holds a paper once"
        ),
    ]


def max_items_per_day() -> int:
    return int(os.environ.get("DPW_MAX_ITEMS_PER_DAY") or DEFAULT_MAX_ITEMS_PER_DAY)


def manifest_expectations() -> list:
    import great_expectations as gx

    e = gx.expectations
    most = max_items_per_day()
    return [
        e.ExpectColumnValuesToBeUnique(column="fetch_id"),
        e.ExpectColumnValuesToNotBeNull(column="fetch_id"),
        e.ExpectColumnValuesToBeInSet(column="outcome", value_set=["ok", "empty", "quarantined"]),
        e.ExpectColumnValuesToMatchRegex(column="partition_key", regex=r"^\d{4}-\d{2}-\d{2}$"),
        e.ExpectColumnValuesToBeBetween(column="item_count", min_value=0),
        e.ExpectColumnPairValuesToBeEqual(
            column_A="accounted_items",
            column_B="item_count",
            ignore_row_if="either_value_is_missing",
            description="Every item an indexed fetch held is a raw row or a quarantined item",
        ),
        e.ExpectColumnValuesToBeBetween(
            column="day_items",
            min_value=0,
            max_value=most,
            description=f"The latest ingestion of a day holds at most {most} items",
        ),
        e.ExpectColumnValuesToBeInSet(
            column="day_has_items_if_ok",
            value_set=[True],
            description="A day whose latest fetch answered 'ok' has raw rows (an empty day is 'empty')",
        ),
        e.ExpectColumnValuesToBeInSet(
            column="ok_status_code",
            value_set=[200],
            description="Fetches with outcome 'ok' answered 200",
            meta=dict(WARN_META),
        ),
    ]


def daily_volume_expectations() -> list:
    import great_expectations as gx

    return [
        gx.expectations.ExpectColumnValuesToBeNull(
            column="low_volume_day",
            description=(
                f"No weekday holds under {LOW_VOLUME_SHARE:.0%} of the median of the "
                f"{TRAILING_WEEKDAYS} weekdays landed before it"
            ),
            meta=dict(WARN_META),
        ),
    ]


SUITES = (
    SuiteSpec(
        name="raw.hf_daily_papers",
        asset_key="raw/hf_daily_papers",
        batch_sql=DAILY_ITEMS_SQL,
        expectations=daily_items_expectations,
        windowed=True,
        index_columns=("listing_date", "paper_id"),
    ),
    SuiteSpec(
        name="raw.landing_manifest",
        asset_key="raw/hf_daily_papers",
        batch_sql=MANIFEST_SQL,
        expectations=manifest_expectations,
        windowed=True,
        index_columns=("partition_key", "fetch_id"),
    ),
    SuiteSpec(
        name="raw.daily_volume",
        asset_key="raw/hf_daily_papers",
        batch_sql=DAILY_VOLUME_SQL,
        expectations=daily_volume_expectations,
        windowed=True,
        index_columns=("partition_key",),
    ),
)
