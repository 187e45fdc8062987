with

source as (

    select *, md5(cast(item as varchar)) as item_hash from {{ source('raw', 'hf_search_listings') }}

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
        {{ hf_item_fields('item') }}
    from ranked
    where snapshot_rank = 1

)

select * from latest
