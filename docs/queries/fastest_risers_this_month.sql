-- Question: which papers listed this month gathered the most upvotes in their first week after listing?
-- Tables: marts.fct_paper_trending, marts.dim_papers
-- Parameters: month_start (first day of the month of the papers' first listing)
-- Result: one row per paper that gained upvotes between day 1 and day 7 after its first listing:
--   paper_id, title, first_listed_date, upvotes_at_1d, upvotes_at_3d, upvotes_at_7d,
--   first_week_gain (upvotes_at_7d - upvotes_at_1d), upvotes (now), hf_url
set variable month_start = date '2025-08-01';

select
    trending.paper_id,
    papers.title,
    trending.first_listed_date,
    trending.upvotes_at_1d,
    trending.upvotes_at_3d,
    trending.upvotes_at_7d,
    trending.upvotes_at_7d - trending.upvotes_at_1d as first_week_gain,
    trending.upvotes,
    papers.hf_url
from marts.fct_paper_trending as trending
join marts.dim_papers as papers using (paper_id)
where trending.first_listed_date >= getvariable('month_start')
  and trending.first_listed_date < getvariable('month_start') + interval 1 month
  and trending.upvotes_at_7d - trending.upvotes_at_1d > 0
order by first_week_gain desc, trending.upvotes desc, trending.paper_id;
