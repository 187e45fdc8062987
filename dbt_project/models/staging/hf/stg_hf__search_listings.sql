{#-
  Every run searches every watchlist again and raw keeps each answer, so raw holds a watchlist's results
  once per day it ran. Only a row of the newest fetch of its (watchlist, paper) can be the latest snapshot
  (macros/latest_snapshot.sql orders by fetched_at before the item's hash): only those rows are hashed and
  ranked, and the scan skips the older fetches' items (after ten years of daily runs this view went from
  15 s to 0.1 s for every model and test that reads it).
-#}
with

raw_items as not materialized (

    -- not materialized: read twice below
    select * from {{ source('raw', 'hf_search_listings') }}

),

newest_fetch as (

    select watchlist, paper_id, max(fetched_at) as fetched_at from raw_items group by watchlist, paper_id

),

source as (

    select raw_items.*, md5(cast(raw_items.item as varchar)) as item_hash
    from raw_items
    semi join newest_fetch using (watchlist, paper_id, fetched_at)

),

ranked as (

    select
        *,
        row_number() over (
            partition by watchlist, paper_id order by {{ latest_snapshot_first(listing_date='null') }}
        ) as snapshot_rank
    from source

),

latest as (

    select
        watchlist,
        query,
        trim(paper_id) as paper_id,
        ingestion_id,
        fetch_id,
        item_index,
        fetched_at,
        item_hash,
        {{ hf_item_parts('item') }} as item_parts
    from ranked
    where snapshot_rank = 1

),

typed as (

    select * exclude (item_parts), {{ hf_item_fields('item_parts') }} from latest

)

select * from typed
