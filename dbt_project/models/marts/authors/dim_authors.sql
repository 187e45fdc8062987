{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        tags=['incremental_by_author'],
        pre_hook="{{ delete_changed_authors() }}",
        post_hook="{{ record_watermark() }}",
    )
}}

with

mentions as (

    select * from {{ ref('int_author_mentions') }}
    -- on an incremental run, only the changed authors (macros/incremental_authors.sql)
    where {{ author_changed() }}

),

bridge as (

    select * from {{ ref('bridge_paper_authors') }}
    where {{ author_changed() }}

),

papers as (

    select paper_id, paper_date, upvotes from {{ ref('int_papers') }}

),

spellings as (

    select
        author_id,
        name_as_listed,
        normalized_name,
        hf_user,
        count(*) as mentions,
        row_number() over (
            partition by author_id
            order by count(*) desc, name_as_listed
        ) as spelling_rank
    from mentions
    group by author_id, name_as_listed, normalized_name, hf_user

),

display_names as (

    select author_id, name_as_listed as display_name, normalized_name, hf_user
    from spellings
    where spelling_rank = 1

),

author_papers as (

    select
        bridge.author_id,
        count(*) as paper_count,
        min(papers.paper_date) as first_paper_date,
        max(papers.paper_date) as last_paper_date,
        cast(coalesce(sum(papers.upvotes), 0) as bigint) as total_upvotes
    from bridge
    inner join papers on bridge.paper_id = papers.paper_id
    group by bridge.author_id

),

final as (

    select
        display_names.author_id,
        display_names.display_name,
        display_names.normalized_name,
        display_names.hf_user,
        display_names.hf_user is not null as is_linked,
        author_papers.paper_count,
        author_papers.first_paper_date,
        author_papers.last_paper_date,
        author_papers.total_upvotes
    from display_names
    inner join author_papers on display_names.author_id = author_papers.author_id

)

select * from final
