-- Question: how long do papers stay on the daily list?
-- Tables: marts.fct_daily_listings
-- Parameters: none
-- Result: one row per number of listing days: days_listed, papers, share (of all listed papers), and
--   max_span_days (longest time between first and last listing among those papers)
with per_paper as (
    select
        paper_id,
        count(distinct listing_date) as days_listed,
        max(listing_date) - min(listing_date) as span_days
    from marts.fct_daily_listings
    group by paper_id
)

select
    days_listed,
    count(*) as papers,
    count(*) / sum(count(*)) over () as share,
    max(span_days) as max_span_days
from per_paper
group by days_listed
order by days_listed;
