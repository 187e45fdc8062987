with

pairs as (

    select * from {{ ref('int_author_merge_pairs') }}

),

coauthorships as not materialized (

    -- not materialized: DuckDB copies a CTE read more than once, which also stops filters reaching the scan
    select * from {{ ref('fct_coauthorships') }}

),

bridge as (

    select distinct author_id, paper_id from {{ ref('bridge_paper_authors') }}

),

paper_topics as (

    select * from {{ ref('bridge_paper_topics') }}

),

candidates as (

    select * from pairs

),

candidate_authors as (

    select author_id_a as author_id from candidates
    union
    select author_id_b as author_id from candidates

),

neighbours as materialized (

    -- the co-authors of candidate authors only (a prolific author's are many), computed once
    select author_id_a as author_id, author_id_b as coauthor_id
    from coauthorships
    where author_id_a in (select author_id from candidate_authors)
    union all
    select author_id_b as author_id, author_id_a as coauthor_id
    from coauthorships
    where author_id_b in (select author_id from candidate_authors)

),

shared_coauthors as (

    -- a's co-authors that are also b's: a semi join, so a co-author of both counts once and a prolific
    -- co-author does not multiply rows
    select candidates.author_id_a, candidates.author_id_b, count(*) as shared_coauthors
    from candidates
    inner join neighbours as na on candidates.author_id_a = na.author_id
    semi join neighbours as nb on candidates.author_id_b = nb.author_id and na.coauthor_id = nb.coauthor_id
    group by candidates.author_id_a, candidates.author_id_b

),

candidate_papers as (

    select author_id, paper_id
    from bridge
    where author_id in (select author_id from candidate_authors)

),

author_topics as materialized (

    select candidate_papers.author_id, list(distinct paper_topics.topic_id) as topics
    from candidate_papers
    inner join paper_topics on candidate_papers.paper_id = paper_topics.paper_id
    group by candidate_papers.author_id

),

shared_topics as (

    select
        candidates.author_id_a,
        candidates.author_id_b,
        len(list_intersect(ta.topics, tb.topics)) as shared_topics
    from candidates
    inner join author_topics as ta on candidates.author_id_a = ta.author_id
    inner join author_topics as tb on candidates.author_id_b = tb.author_id

),

final as (

    select
        candidates.author_id_a,
        candidates.author_id_b,
        candidates.name_a,
        candidates.name_b,
        candidates.reason,
        candidates.similarity,
        coalesce(shared_coauthors.shared_coauthors, 0) as shared_coauthors,
        coalesce(shared_topics.shared_topics, 0) as shared_topics
    from candidates
    left join shared_coauthors
        on candidates.author_id_a = shared_coauthors.author_id_a
        and candidates.author_id_b = shared_coauthors.author_id_b
    left join shared_topics
        on candidates.author_id_a = shared_topics.author_id_a
        and candidates.author_id_b = shared_topics.author_id_b

)

select * from final
