{#-
  A table, incremental by listing date, where the other staging models are views: every model downstream
  reads it, and parsing every raw JSON item on each read would cost a daily run as much as a full build.
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='listing_date',
        on_schema_change='fail',
    )
}}

with

source as not materialized (

    -- not materialized: read three times below, and the date filter should reach each scan
    select * from {{ source('raw', 'hf_daily_papers') }}
    {% if is_incremental() %}
    where {{ listing_dates_to_rebuild(source('raw', 'hf_daily_papers')) }}
    {% endif %}

),

newest_fetch as (

    select listing_date, paper_id, max(fetched_at) as fetched_at from source group by listing_date, paper_id

),

hashed as (

    -- Raw keeps every fetch (the schedule refetches each day four times), and only a row of the newest
    -- fetch of its (date, paper) can be the latest snapshot (macros/latest_snapshot.sql orders by
    -- fetched_at before the item's hash): only those rows are hashed and ranked. Ranked on the row's key,
    -- not its item: a window holding every item spilled, or ran out of memory under the 2GB limit.
    select
        source.listing_date, source.paper_id, source.fetched_at, source.fetch_id, source.item_index,
        md5(cast(source.item as varchar)) as item_hash
    from source
    semi join newest_fetch using (listing_date, paper_id, fetched_at)

),

ranked as (

    select
        *,
        row_number() over (
            partition by listing_date, paper_id order by {{ latest_snapshot_first() }}
        ) as snapshot_rank
    from hashed

),

latest as (

    select
        source.listing_date,
        trim(source.paper_id) as paper_id,
        source.ingestion_id,
        source.fetch_id,
        source.item_index,
        source.fetched_at,
        ranked.item_hash,
        {{ hf_item_parts('source.item') }} as item_parts
    from source
    inner join ranked
        on source.fetch_id = ranked.fetch_id and source.item_index = ranked.item_index
    where ranked.snapshot_rank = 1

),

typed as (

    select * exclude (item_parts), {{ hf_item_fields('item_parts') }} from latest

)

select * from typed
