{#-
  Incremental by paper (delete+insert on paper_id): a run rebuilds, from all their sightings, the papers
  with a sighting the loaded row has not seen: a newer fetch, or one more listing date or watchlist (a
  listing landed late). A paper never loses a sighting, so this equals a full refresh. loaded_at (the run's
  start) is what the paper-keyed models downstream filter on.
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

sightings as (

    -- every time a paper was seen: once per listing date and once per watchlist, each its latest fetch
    select
        paper_id, listing_date, null as watchlist, fetched_at, item_hash,
        title, abstract, published_at, upvotes, num_comments, ai_keywords, ai_summary, github_repo,
        github_stars, project_page, organization_name, organization_fullname, withdrawn_at, is_withdrawn,
        thumbnail_url, discussion_id, authors
    from daily

    union all

    select
        paper_id, null as listing_date, watchlist, fetched_at, item_hash,
        title, abstract, published_at, upvotes, num_comments, ai_keywords, ai_summary, github_repo,
        github_stars, project_page, organization_name, organization_fullname, withdrawn_at, is_withdrawn,
        thumbnail_url, discussion_id, authors
    from searches

),

{% if is_incremental() %}
changed_papers as (

    select seen.paper_id
    from (
        select paper_id, count(*) as sightings, max(fetched_at) as last_fetched_at
        from sightings
        group by paper_id
    ) as seen
    left join {{ this }} as loaded on seen.paper_id = loaded.paper_id
    where loaded.paper_id is null
        or seen.last_fetched_at > loaded.last_fetched_at
        or seen.sightings <> loaded.sightings

),
{% endif %}

ranked as (

    -- 1 = the paper's latest snapshot (macros/latest_snapshot.sql)
    select
        *,
        row_number() over (partition by paper_id order by {{ latest_snapshot_first() }}) as recency
    from sightings
    {% if is_incremental() %}
    where paper_id in (select paper_id from changed_papers)
    {% endif %}

),

papers as (

    -- each field from the latest snapshot that has it, so a field the API added later, or that a search
    -- lacks, is not lost
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
        {{ latest_non_null('authors', 'recency') }} as authors,
        -- withdrawal is read from the latest snapshot only, so a reinstated paper is not flagged
        arg_min(is_withdrawn, recency) as is_withdrawn,
        arg_min(withdrawn_at, recency) as withdrawn_at,
        count(listing_date) > 0 as in_daily_listings,
        {{ string_agg_sorted_list('watchlist') }} as watchlists,
        count(*) as sightings,
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
        sightings,
        last_fetched_at,
        -- when a run (re)built the row: the paper-keyed incremental models rebuild the papers loaded after
        -- the newest loaded_at they hold
        cast('{{ run_started_at.isoformat() }}' as timestamptz) as loaded_at,
        -- what keyword extraction and topic matching read
        md5(to_json({'title': title, 'abstract': abstract, 'ai_keywords': ai_keywords})) as text_hash
    from papers

)

select * from final
