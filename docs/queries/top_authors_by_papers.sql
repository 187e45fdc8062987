-- Question: which authors had the most papers in a period?
-- Tables: marts.bridge_paper_authors, marts.dim_papers, marts.dim_authors
-- Parameters: period_start, period_end (inclusive, compared with dim_papers.paper_date), top_n
-- Result: one row per author: author_id, display_name, papers, upvotes (latest upvotes of those papers)
set variable period_start = date '2025-07-01';
set variable period_end = date '2025-07-31';
set variable top_n = 10;

select
    authors.author_id,
    authors.display_name,
    count(*) as papers,
    sum(papers.upvotes) as upvotes
from marts.bridge_paper_authors as paper_authors
join marts.dim_papers as papers using (paper_id)
join marts.dim_authors as authors using (author_id)
where papers.paper_date between getvariable('period_start') and getvariable('period_end')
group by authors.author_id, authors.display_name
order by papers desc, upvotes desc, authors.display_name
limit getvariable('top_n');
