-- Question: which papers have the most models, datasets and Spaces built on them?
-- Tables: marts.fct_paper_adoption, marts.dim_papers
-- Parameters: top (how many papers)
-- Result: one row per adopted paper, as of its latest detail fetch: paper_id, title, num_models,
--   num_datasets, num_spaces, num_linked_repos, github_stars, fetched_at, hf_url
set variable top = 10;

select
    adoption.paper_id,
    papers.title,
    adoption.num_models,
    adoption.num_datasets,
    adoption.num_spaces,
    adoption.num_linked_repos,
    adoption.github_stars,
    adoption.fetched_at,
    papers.hf_url
from marts.fct_paper_adoption as adoption
join marts.dim_papers as papers using (paper_id)
where adoption.is_latest and adoption.is_adopted
order by adoption.num_linked_repos desc, adoption.num_models desc, adoption.paper_id
limit getvariable('top');
