-- Question: whose papers drew the most upvotes in a period?
-- Tables: marts.bridge_paper_authors, marts.dim_papers, marts.dim_authors
-- Parameters: period_start, period_end (inclusive, compared with dim_papers.paper_date), top_n
-- Result: one row per author: author_id, display_name, upvotes (sum of the latest upvotes of their
--   papers), papers, best_paper (title of their most upvoted paper)
set variable period_start = date '2025-07-01';
set variable period_end = date '2025-07-31';
set variable top_n = 10;

select
    authors.author_id,
    authors.display_name,
    sum(papers.upvotes) as upvotes,
    count(*) as papers,
    arg_max(papers.title, papers.upvotes) as best_paper
from marts.bridge_paper_authors as paper_authors
join marts.dim_papers as papers using (paper_id)
join marts.dim_authors as authors using (author_id)
where papers.paper_date between getvariable('period_start') and getvariable('period_end')
group by authors.author_id, authors.display_name
order by upvotes desc, papers desc, authors.display_name
limit getvariable('top_n');
