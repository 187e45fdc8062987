-- Question: how long after listing did papers get their first model on the Hub?
-- Tables: marts.fct_paper_adoption, marts.dim_papers
-- Parameters: none
-- Result: one row per paper with a model: paper_id, title, first_listed_date, first_model_fetched_at (the
--   first detail fetch showing a model), days_to_first_model (days from listing to that fetch: an upper
--   bound, as details are fetched on the refresh policy's ages), models_now, hf_url
with firsts as (
    select
        paper_id,
        min(fetched_at) as first_model_fetched_at,
        arg_min(days_since_listing, fetched_at) as days_to_first_model
    from marts.fct_paper_adoption
    where num_models > 0
    group by paper_id
)

select
    firsts.paper_id,
    papers.title,
    papers.first_listed_date,
    firsts.first_model_fetched_at,
    firsts.days_to_first_model,
    latest.num_models as models_now,
    papers.hf_url
from firsts
join marts.dim_papers as papers using (paper_id)
join marts.fct_paper_adoption as latest on latest.paper_id = firsts.paper_id and latest.is_latest
order by firsts.days_to_first_model, firsts.paper_id;
