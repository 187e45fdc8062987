with

source as (

    select * from {{ source('raw', 'hf_search_listings') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by watchlist, paper_id
            order by fetched_at desc, ingestion_id desc, item_index
        ) as fetch_recency
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
        {{ hf_item_fields('item') }}
    from ranked
    where fetch_recency = 1

)

select * from latest
