-- Paper x Hub repo, from each paper's latest detail fetch: the models, datasets and Spaces it links.
with

latest as (

    select * from {{ ref('int_paper_details_latest') }}

),

listed as (

    select paper_id, fetch_id, fetched_at, 'model' as repo_kind, linked_model_ids as repo_ids from latest
    union all
    select paper_id, fetch_id, fetched_at, 'dataset', linked_dataset_ids from latest
    union all
    select paper_id, fetch_id, fetched_at, 'space', linked_space_ids from latest

),

repos as (

    select
        paper_id,
        fetch_id,
        fetched_at,
        repo_kind,
        unnest(repo_ids) as repo_id,
        unnest(range(1, len(repo_ids) + 1)) as repo_position
    from listed
    where len(repo_ids) > 0

),

deduplicated as (

    -- a repo listed twice keeps its first position
    select *
    from repos
    qualify row_number() over (partition by paper_id, repo_kind, repo_id order by repo_position) = 1

),

final as (

    select
        paper_id,
        repo_kind,
        repo_id,
        cast(repo_position as integer) as repo_position,
        'https://huggingface.co/'
            || case repo_kind when 'dataset' then 'datasets/' when 'space' then 'spaces/' else '' end
            || repo_id as repo_url,
        fetch_id,
        fetched_at
    from deduplicated

)

select * from final
