-- Question: whose papers get built on: which organisations have the most adopted papers?
-- Tables: marts.dim_organizations
-- Parameters: none
-- Result: one row per organisation with an adopted paper: organization_name, organization_fullname, papers,
--   adopted_papers, adoption_rate (adopted_papers / papers_with_details), total_models, total_datasets,
--   total_spaces, total_upvotes, hf_url
select
    organization_name,
    organization_fullname,
    papers,
    adopted_papers,
    adopted_papers / nullif(papers_with_details, 0) as adoption_rate,
    total_models,
    total_datasets,
    total_spaces,
    total_upvotes,
    hf_url
from marts.dim_organizations
where adopted_papers > 0
order by adopted_papers desc, total_models + total_datasets + total_spaces desc, organization_name;
