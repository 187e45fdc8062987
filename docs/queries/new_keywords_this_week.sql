-- Question: which keywords appeared for the first time this week?
-- Tables: marts.dim_keywords, marts.bridge_paper_keywords, marts.dim_papers
-- Parameters: week_start (the Monday of the week)
-- Result: one row per keyword first seen in that week: keyword, paper_count (all time), first_seen_date,
--   example_paper (title of its most upvoted paper)
set variable week_start = date '2025-08-11';

select
    keywords.display_keyword as keyword,
    keywords.paper_count,
    keywords.first_seen_date,
    arg_max(papers.title, papers.upvotes) as example_paper
from marts.dim_keywords as keywords
join marts.bridge_paper_keywords as paper_keywords using (keyword_id)
join marts.dim_papers as papers using (paper_id)
where keywords.first_seen_date >= getvariable('week_start')
  and keywords.first_seen_date < getvariable('week_start') + interval 7 day
group by keywords.keyword_id, keywords.display_keyword, keywords.paper_count, keywords.first_seen_date
order by keywords.paper_count desc, keyword;
