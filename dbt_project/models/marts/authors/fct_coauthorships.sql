with

mentions as (

    select * from {{ ref('int_author_resolution') }}

),

paper_authors as (

    -- an author listed twice on one paper is one co-author of it
    select distinct paper_id, author_id, paper_date from mentions

),

collaboration_papers as (

    -- hyper-authored papers (consortium lists such as BIG-bench's 444 authors) say nothing about who
    -- works with whom and would add n^2/2 pairs each: they add no pairs
    select paper_id
    from paper_authors
    group by paper_id
    having count(*) between 2 and {{ var('coauthorship_max_authors') }}

),

authors_on_papers as (

    select paper_authors.*
    from paper_authors
    semi join collaboration_papers on paper_authors.paper_id = collaboration_papers.paper_id

),

pairs as (

    select a.author_id as author_id_a, b.author_id as author_id_b, a.paper_id, a.paper_date
    from authors_on_papers as a
    inner join authors_on_papers as b on a.paper_id = b.paper_id and a.author_id < b.author_id

),

final as (

    select
        author_id_a,
        author_id_b,
        count(*) as papers_together,
        min(paper_date) as first_together_date,
        max(paper_date) as last_together_date
    from pairs
    group by author_id_a, author_id_b

)

select * from final
