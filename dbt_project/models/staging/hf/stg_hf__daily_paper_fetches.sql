{#-
  Every fetch of every listing item (stg_hf__daily_papers keeps only the latest per listing date and paper):
  the few engagement fields a trajectory needs. A view: its one reader, fct_paper_engagement, reads the
  listing dates it rebuilds, and DuckDB parses only those rows and only these fields.
-#}

with

source as (

    select * from {{ source('raw', 'hf_daily_papers') }}

),

fetches as (

    select
        ingestion_id,
        fetch_id,
        listing_date,
        item_index,
        trim(paper_id) as paper_id,
        fetched_at,
        {{ json_bigint('item', '$.paper.upvotes') }} as upvotes,
        {{ json_bigint('item', '$.numComments') }} as num_comments,
        {{ json_bigint('item', '$.paper.githubStars') }} as github_stars
    from source

)

select * from fetches
