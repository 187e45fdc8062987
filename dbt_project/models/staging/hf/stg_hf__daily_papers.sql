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
        tags=['daily_partitioned'],
    )
}}

with

source as (

    select * from {{ source('raw', 'hf_daily_papers') }}
    {% if is_incremental() %}
    where {{ listing_dates_to_rebuild(source('raw', 'hf_daily_papers')) }}
    {% endif %}

),

hashed as (

    select *, md5(cast(item as varchar)) as item_hash from source

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
        listing_date,
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
