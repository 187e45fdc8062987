{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        tags=['incremental_by_paper'],
        on_schema_change='fail',
        pre_hook=["{{ log_changed_authors() }}", "{{ delete_changed_papers() }}"],
        post_hook=["{{ log_changed_authors() }}", "{{ record_watermark() }}"],
    )
}}

with

mentions as (

    select * from {{ ref('int_author_mentions') }}
    -- on an incremental run, only the changed papers (macros/incremental_papers.sql)
    where {{ paper_changed() }}

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

    select * from paper_authors

)

select * from final
