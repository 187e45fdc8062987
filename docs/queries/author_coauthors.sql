-- Question: who has an author written with, and how often?
-- Tables: marts.dim_authors, marts.fct_coauthorships
-- Parameters: author_name (display name or any spelling with the same normalised name, case-insensitive)
-- Result: one row per co-author: coauthor_id, coauthor, papers_together, first_together_date,
--   last_together_date
set variable author_name = 'Ge Zhang';

with author as (
    select author_id
    from marts.dim_authors
    where lower(display_name) = lower(getvariable('author_name'))
       or normalized_name = lower(getvariable('author_name'))
),

pairs as (
    select author_id_b as coauthor_id, papers_together, first_together_date, last_together_date
    from marts.fct_coauthorships
    where author_id_a in (select author_id from author)
    union all
    select author_id_a as coauthor_id, papers_together, first_together_date, last_together_date
    from marts.fct_coauthorships
    where author_id_b in (select author_id from author)
)

select
    pairs.coauthor_id,
    coauthors.display_name as coauthor,
    pairs.papers_together,
    pairs.first_together_date,
    pairs.last_together_date
from pairs
join marts.dim_authors as coauthors on coauthors.author_id = pairs.coauthor_id
order by pairs.papers_together desc, coauthor;
