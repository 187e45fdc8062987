{#-
  Incremental by paper: a run rebuilds, from all their sightings, the papers with a sighting newer than
  the ones already loaded; a paper never loses its row, so delete+insert on paper_id equals a full refresh.
  loaded_at is what the paper-keyed models downstream track (macros/incremental_papers.sql).
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='paper_id',
        on_schema_change='fail',
    )
}}

with

daily as not materialized (

    -- not materialized: DuckDB copies a CTE read more than once, which also stops filters reaching the scan
    select * from {{ ref('stg_hf__daily_papers') }}

),

searches as not materialized (

    select * from {{ ref('stg_hf__search_listings') }}

),

{% if is_incremental() %}
changed_papers as (

    -- papers with a sighting newer than the newest one loaded for them (or not loaded at all): a paper
    -- whose listing was landed late is not missed
    select sightings.paper_id
    from (
        select paper_id, max(fetched_at) as newest from daily group by paper_id
        union all
        select paper_id, max(fetched_at) as newest from searches group by paper_id
    ) as sightings
    left join {{ this }} as loaded on sightings.paper_id = loaded.paper_id
    where loaded.last_fetched_at is null or sightings.newest > loaded.last_fetched_at

),
{% endif %}

sightings as (

    -- every time a paper was seen: one row per daily listing and per watchlist search
    select
        paper_id, fetched_at, listing_date, null as watchlist, 0 as source_priority,
        title, abstract, published_at, submitted_on_daily_at, upvotes, num_comments, ai_keywords, ai_summary,
        github_repo, github_stars, project_page, organization_name, organization_fullname, withdrawn_at,
        is_withdrawn, thumbnail_url, discussion_id, authors
    from daily
    {% if is_incremental() %}
    where paper_id in (select paper_id from changed_papers)
    {% endif %}

    union all

    select
        paper_id, fetched_at, null as listing_date, watchlist, 1 as source_priority,
        title, abstract, published_at, submitted_on_daily_at, upvotes, num_comments, ai_keywords, ai_summary,
        github_repo, github_stars, project_page, organization_name, organization_fullname, withdrawn_at,
        is_withdrawn, thumbnail_url, discussion_id, authors
    from searches
    {% if is_incremental() %}
    where paper_id in (select paper_id from changed_papers)
    {% endif %}

),

ranked as (

    -- 1 = the most recent sighting. Fetches of the same day (a backfill fetches many days at once, in any
    -- order) are ranked by listing date, since a later listing carries later counts; then daily listings
    -- before searches.
    select
        *,
        row_number() over (
            partition by paper_id
            order by
                cast(fetched_at as date) desc, listing_date desc nulls last, source_priority, fetched_at desc,
                watchlist
        ) as recency,
        -- the author list prefers daily listings: the API's paper record, with linked HF users
        row_number() over (
            partition by paper_id
            order by source_priority, fetched_at desc, listing_date desc nulls last, watchlist
        ) as author_source_rank
    from sightings

),

papers as (

    select
        paper_id,
        {{ latest_non_null('title', 'recency') }} as title,
        {{ latest_non_null('abstract', 'recency') }} as abstract,
        {{ latest_non_null('ai_keywords', 'recency') }} as ai_keywords,
        {{ latest_non_null('published_at', 'recency') }} as published_at,
        min(listing_date) as first_listed_date,
        max(listing_date) as last_listed_date,
        count(distinct listing_date) as times_listed,
        {{ latest_non_null('upvotes', 'recency') }} as upvotes,
        {{ latest_non_null('num_comments', 'recency') }} as num_comments,
        {{ latest_non_null('ai_summary', 'recency') }} as ai_summary,
        {{ latest_non_null('github_repo', 'recency') }} as github_repo,
        {{ latest_non_null('github_stars', 'recency') }} as github_stars,
        {{ latest_non_null('project_page', 'recency') }} as project_page,
        {{ latest_non_null('organization_name', 'recency') }} as organization_name,
        {{ latest_non_null('organization_fullname', 'recency') }} as organization_fullname,
        {{ latest_non_null('thumbnail_url', 'recency') }} as thumbnail_url,
        {{ latest_non_null('discussion_id', 'recency') }} as discussion_id,
        -- withdrawal is read from the latest sighting only, so a reinstated paper is not flagged
        arg_min(is_withdrawn, recency) as is_withdrawn,
        arg_min(withdrawn_at, recency) as withdrawn_at,
        arg_min(authors, author_source_rank) as authors,
        count(listing_date) > 0 as in_daily_listings,
        {{ string_agg_sorted_list('watchlist') }} as watchlists,
        max(fetched_at) as last_fetched_at
    from ranked
    group by paper_id

),

final as (

    select
        paper_id,
        title,
        abstract,
        ai_keywords,
        coalesce(first_listed_date, cast(published_at as date)) as paper_date,
        first_listed_date,
        last_listed_date,
        times_listed,
        upvotes,
        num_comments,
        published_at,
        ai_summary,
        github_repo,
        github_stars,
        project_page,
        organization_name,
        organization_fullname,
        thumbnail_url,
        discussion_id,
        is_withdrawn,
        withdrawn_at,
        authors,
        in_daily_listings,
        watchlists,
        last_fetched_at,
        -- when this run (re)built the row: the paper-keyed models downstream rebuild the papers loaded
        -- after their watermark (macros/incremental_papers.sql)
        cast('{{ run_started_at.isoformat() }}' as timestamptz) as loaded_at,
        -- what keyword extraction reads: a paper is re-extracted only when this changes
        md5(to_json({'title': title, 'abstract': abstract, 'ai_keywords': ai_keywords})) as text_hash
    from papers

)

select * from final
