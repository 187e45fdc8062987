-- One row per detail fetch: a paper's models, datasets and Spaces, and its GitHub stars, as they were then.
with

details as (

    select * from {{ ref('stg_hf__paper_details') }}

),

papers as (

    select paper_id, first_listed_date from {{ ref('int_papers') }}

),

latest as (

    select fetch_id from {{ ref('int_paper_details_latest') }}

),

final as (

    select
        details.fetch_id,
        details.paper_id,
        details.ingestion_id,
        details.fetched_at,
        date_diff('day', papers.first_listed_date, {{ utc_date('details.fetched_at') }}) as days_since_listing,
        -- a response without a count or a list for a kind links none of it
        coalesce(details.num_models, 0) as num_models,
        coalesce(details.num_datasets, 0) as num_datasets,
        coalesce(details.num_spaces, 0) as num_spaces,
        coalesce(details.num_models, 0) + coalesce(details.num_datasets, 0) + coalesce(details.num_spaces, 0)
            as num_linked_repos,
        coalesce(details.num_models, 0) + coalesce(details.num_datasets, 0) + coalesce(details.num_spaces, 0) > 0
            as is_adopted,
        details.github_repo,
        details.github_stars,
        latest.fetch_id is not null as is_latest
    from details
    left join papers on details.paper_id = papers.paper_id
    left join latest on details.fetch_id = latest.fetch_id

)

select * from final
