-- Question: how did one paper gather its upvotes, fetch by fetch?
-- Tables: marts.fct_paper_engagement
-- Parameters: paper_id
-- Result: one row per listing fetch of the paper, in time order: listing_date, fetched_at,
--   days_since_listing, upvotes, upvotes_change (since the previous fetch of that day), num_comments,
--   rank_in_day
set variable paper_id = '2508.04825';

select
    listing_date,
    fetched_at,
    days_since_listing,
    upvotes,
    upvotes_change,
    num_comments,
    rank_in_day
from marts.fct_paper_engagement
where paper_id = getvariable('paper_id')
order by fetched_at, listing_date;
