{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='listing_date',
        on_schema_change='fail',
    )
}}

with

listings as (

    select * from {{ ref('stg_hf__daily_papers') }}
    {% if is_incremental() %}
    where {{ listing_dates_to_rebuild(ref('stg_hf__daily_papers')) }}
    {% endif %}

),

ingestion_recency as (

    -- a day's rows can come from several fetches: rank the newest ingestion's order first
    select
        *,
        max(fetched_at) over (partition by listing_date, ingestion_id) as ingestion_fetched_at
    from listings

),

ranked as (

    select
        listing_date,
        paper_id,
        cast(row_number() over (
            partition by listing_date
            order by ingestion_fetched_at desc, ingestion_id desc, item_index, paper_id
        ) as integer) as rank_in_day,
        upvotes,
        num_comments,
        submitted_by,
        fetched_at,
        ingestion_id
    from ingestion_recency

)

select * from ranked
