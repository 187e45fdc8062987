-- Each paper's latest detail fetch, by the one latest-snapshot rule (macros/latest_snapshot.sql): a detail
-- has no listing date, so the later fetch wins, then the response's md5.
with

details as (

    select * from {{ ref('stg_hf__paper_details') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by paper_id order by {{ latest_snapshot_first(listing_date='null') }}
        ) as recency
    from details

),

latest as (

    select * exclude (recency) from ranked where recency = 1

)

select * from latest
