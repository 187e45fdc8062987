{#-
  A table, incremental by listing date (unlike the other staging models, which are views): the models
  downstream read it by paper, and parsing every raw JSON item on each read would cost a daily run as much
  as a full build. A run re-parses only the listing dates of its partition window (Dagster runs it with
  fct_daily_listings, daily-partitioned), else those with new fetches.
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

ranked as (

    select
        *,
        row_number() over (
            partition by listing_date, paper_id
            order by fetched_at desc, ingestion_id desc, item_index
        ) as fetch_recency
    from source

),

latest as (

    select
        listing_date,
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
