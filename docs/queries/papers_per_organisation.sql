-- Question: which organisations put the most papers on the daily list in a period?
-- Tables: marts.dim_papers
-- Parameters: period_start, period_end (inclusive, compared with paper_date)
-- Result: one row per organisation (papers the API attributes to one): organization_name,
--   organization_fullname, papers, upvotes, median_upvotes
set variable period_start = date '2026-06-01';
set variable period_end = date '2026-06-30';

select
    organization_name,
    any_value(organization_fullname) as organization_fullname,
    count(*) as papers,
    sum(upvotes) as upvotes,
    median(upvotes) as median_upvotes
from marts.dim_papers
where organization_name is not null
  and paper_date between getvariable('period_start') and getvariable('period_end')
group by organization_name
order by papers desc, upvotes desc, organization_name;
