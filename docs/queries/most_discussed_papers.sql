-- Question: which papers drew the most discussion (comments) in a period?
-- Tables: marts.dim_papers
-- Parameters: period_start, period_end (inclusive, compared with paper_date), top_n
-- Result: paper_id, title, num_comments (latest seen), upvotes, paper_date, hf_url
set variable period_start = date '2025-07-01';
set variable period_end = date '2025-08-31';
set variable top_n = 10;

select paper_id, title, num_comments, upvotes, paper_date, hf_url
from marts.dim_papers
where paper_date between getvariable('period_start') and getvariable('period_end')
  and num_comments > 0
order by num_comments desc, upvotes desc, paper_id
limit getvariable('top_n');
