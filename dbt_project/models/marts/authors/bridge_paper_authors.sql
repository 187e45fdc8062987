{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='paper_id',
        on_schema_change='fail',
    )
}}

with

mentions as (

    select * from {{ ref('int_author_mentions') }}

),

first_mention as (

    -- an author listed twice on one paper (same HF user or same folded name) keeps the first position
    select
        paper_id,
        author_id,
        cast(author_position as integer) as author_position,
        name_as_listed,
        row_number() over (partition by paper_id, author_id order by author_position) as mention_rank
    from mentions

),

paper_authors as (

    select paper_id, author_id, author_position, name_as_listed
    from first_mention
    where mention_rank = 1

),

final as (

    -- on an incremental run, only papers whose rows changed (macros/incremental_changed_papers.sql)
    {{ changed_papers_only('paper_authors') }}

)

select * from final
