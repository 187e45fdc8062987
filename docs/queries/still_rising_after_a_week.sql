-- Question: which papers kept gathering upvotes after their first week?
-- Tables: marts.fct_paper_trending, marts.dim_papers
-- Parameters: none
-- Result: one row per paper still rising after a week (a fetch more than 7 days after listing holds at least
--   10% more upvotes than day 7): paper_id, title, first_listed_date, upvotes_at_7d, upvotes (now),
--   upvotes_gained_after_week, growth_after_week (upvotes / upvotes_at_7d - 1; null after 0), hf_url
select
    trending.paper_id,
    papers.title,
    trending.first_listed_date,
    trending.upvotes_at_7d,
    trending.upvotes,
    trending.upvotes_gained_after_week,
    trending.upvotes / nullif(trending.upvotes_at_7d, 0) - 1 as growth_after_week,
    papers.hf_url
from marts.fct_paper_trending as trending
join marts.dim_papers as papers using (paper_id)
where trending.is_rising_after_week
order by trending.upvotes_gained_after_week desc, trending.paper_id;
