-- One row per author entry of each paper's latest author list: int_paper_authors unnested.
with

paper_authors as (

    select * from {{ ref('int_paper_authors') }}

),

papers as (

    select paper_id, paper_date, upvotes from {{ ref('int_papers') }}

),

entries as (

    select paper_id, unnest(authors, recursive := true)
    from paper_authors

),

final as (

    select
        entries.paper_id,
        papers.paper_date,
        papers.upvotes,
        entries.author_position,
        entries.name_as_listed,
        entries.normalized_name,
        entries.hf_user,
        entries.linked_user,
        entries.claim_status,
        entries.link_conflict,
        entries.author_id
    from entries
    inner join papers on entries.paper_id = papers.paper_id

)

select * from final
