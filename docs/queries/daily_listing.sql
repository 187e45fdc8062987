-- Question: what was on the daily list on a given day, in order, with links?
-- Tables: marts.fct_daily_listings, marts.dim_papers
-- Parameters: listing_date
-- Result: rank_in_day, paper_id, title, upvotes and num_comments (as fetched that day), submitted_by,
--   hf_url, arxiv_url
set variable listing_date = date '2025-08-12';

select
    listings.rank_in_day,
    listings.paper_id,
    papers.title,
    listings.upvotes,
    listings.num_comments,
    listings.submitted_by,
    papers.hf_url,
    papers.arxiv_url
from marts.fct_daily_listings as listings
join marts.dim_papers as papers using (paper_id)
where listings.listing_date = getvariable('listing_date')
order by listings.rank_in_day;
