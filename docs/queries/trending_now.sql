-- Question: which papers are trending now?
-- Tables: marts.fct_paper_trending, marts.dim_papers
-- Parameters: top (how many papers)
-- Result: the top papers by trending_score (upvotes gained in the last 7 days / (hours since listing + 2)^1.8,
--   as of the warehouse's newest fetch), among those that gained any: trending_rank, paper_id, title,
--   upvotes_gained_1d, upvotes_gained_7d, upvotes, age_days, trending_score, as_of, hf_url
set variable top = 10;

select
    trending.trending_rank,
    trending.paper_id,
    papers.title,
    trending.upvotes_gained_1d,
    trending.upvotes_gained_7d,
    trending.upvotes,
    trending.age_days,
    trending.trending_score,
    trending.as_of,
    papers.hf_url
from marts.fct_paper_trending as trending
join marts.dim_papers as papers using (paper_id)
where trending.trending_score > 0
order by trending.trending_rank
limit getvariable('top');
