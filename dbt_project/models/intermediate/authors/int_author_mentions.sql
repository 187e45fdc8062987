-- One row per author entry of each paper's latest author list (int_paper_authors unnested), with what the
-- author resolver reads about the paper.
with

paper_authors as (

    select * from {{ ref('int_paper_authors') }}

),

papers as (

    select paper_id, paper_date, upvotes, title, ai_keywords, organization_name from {{ ref('int_papers') }}

),

entries as (

    select paper_id, unnest(authors, recursive := true), loaded_at
    from paper_authors

),

final as (

    select
        entries.paper_id,
        entries.author_position,
        entries.name_as_listed,
        entries.normalized_name,
        entries.linked_user,
        entries.linked_fullname,
        entries.claim_status,
        papers.paper_date,
        papers.upvotes,
        papers.title,
        papers.ai_keywords,
        papers.organization_name,
        entries.loaded_at
    from entries
    inner join papers on entries.paper_id = papers.paper_id

)

select * from final
