-- Question: who writes with whom inside one topic (an edge list for a graph tool)?
-- Tables: marts.dim_topics, marts.bridge_paper_topics, marts.bridge_paper_authors, marts.dim_authors
-- Parameters: topic_name (case-insensitive), min_papers (edges with fewer papers together are dropped),
--   max_authors (papers with more authors add no edges, as in fct_coauthorships)
-- Result: one row per author pair (source < target): source, target, source_name, target_name,
--   papers_together (papers of this topic they share)
set variable topic_name = 'Multi-task learning';
set variable min_papers = 1;
set variable max_authors = 50;

with topic_papers as (
    select paper_topics.paper_id
    from marts.bridge_paper_topics as paper_topics
    join marts.dim_topics as topics using (topic_id)
    where lower(topics.topic_name) = lower(getvariable('topic_name'))
),

small_papers as (
    select paper_id
    from marts.bridge_paper_authors
    where paper_id in (select paper_id from topic_papers)
    group by paper_id
    having count(*) <= getvariable('max_authors')
),

edges as (
    select left_side.author_id as source, right_side.author_id as target, count(*) as papers_together
    from marts.bridge_paper_authors as left_side
    join marts.bridge_paper_authors as right_side
        on left_side.paper_id = right_side.paper_id and left_side.author_id < right_side.author_id
    where left_side.paper_id in (select paper_id from small_papers)
    group by left_side.author_id, right_side.author_id
    having count(*) >= getvariable('min_papers')
)

select
    edges.source,
    edges.target,
    source_authors.display_name as source_name,
    target_authors.display_name as target_name,
    edges.papers_together
from edges
join marts.dim_authors as source_authors on source_authors.author_id = edges.source
join marts.dim_authors as target_authors on target_authors.author_id = edges.target
order by edges.papers_together desc, edges.source, edges.target;
