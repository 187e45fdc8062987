-- Question: which papers did a saved search (watchlist) find, and were they on the daily list?
-- Tables: marts.dim_papers
-- Parameters: watchlist (a name from orchestration/defs/ingestion/watchlists.yaml)
-- Result: paper_id, title, published_at, in_daily_listings, first_listed_date, upvotes, arxiv_url
set variable watchlist = 'kazakh';

select paper_id, title, published_at, in_daily_listings, first_listed_date, upvotes, arxiv_url
from marts.dim_papers
where list_contains(watchlists, getvariable('watchlist'))
order by published_at desc, paper_id;
