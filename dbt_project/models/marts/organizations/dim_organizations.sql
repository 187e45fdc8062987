with

paper_orgs as (

    select * from {{ ref('int_paper_organizations') }}

),

papers as (

    select paper_id, paper_date, upvotes from {{ ref('int_papers') }}

),

authors as (

    select distinct paper_id, author_id from {{ ref('bridge_paper_authors') }}

),

adoption as (

    select paper_id, num_models, num_datasets, num_spaces from {{ ref('int_paper_details_latest') }}

),

org_papers as (

    select
        paper_orgs.organization_name,
        paper_orgs.organization_fullname,
        paper_orgs.paper_id,
        papers.paper_date,
        coalesce(papers.upvotes, 0) as upvotes,
        adoption.paper_id is not null as has_details,
        coalesce(adoption.num_models, 0) as num_models,
        coalesce(adoption.num_datasets, 0) as num_datasets,
        coalesce(adoption.num_spaces, 0) as num_spaces
    from paper_orgs
    inner join papers on paper_orgs.paper_id = papers.paper_id
    left join adoption on paper_orgs.paper_id = adoption.paper_id

),

org_authors as (

    select org_papers.organization_name, count(distinct authors.author_id) as authors
    from org_papers
    inner join authors on org_papers.paper_id = authors.paper_id
    group by org_papers.organization_name

),

organizations as (

    select
        organization_name,
        -- the display name of its most recent paper that has one
        arg_max(organization_fullname, (paper_date, paper_id)) filter (where organization_fullname is not null)
            as organization_fullname,
        count(*) as papers,
        cast(sum(upvotes) as bigint) as total_upvotes,
        min(paper_date) as first_paper_date,
        max(paper_date) as last_paper_date,
        count(*) filter (where has_details) as papers_with_details,
        count(*) filter (where num_models + num_datasets + num_spaces > 0) as adopted_papers,
        cast(sum(num_models) as bigint) as total_models,
        cast(sum(num_datasets) as bigint) as total_datasets,
        cast(sum(num_spaces) as bigint) as total_spaces
    from org_papers
    group by organization_name

),

final as (

    select
        organizations.organization_name,
        organizations.organization_fullname,
        organizations.papers,
        organizations.total_upvotes,
        round(organizations.total_upvotes / organizations.papers, 2) as upvotes_per_paper,
        coalesce(org_authors.authors, 0) as authors,
        organizations.first_paper_date,
        organizations.last_paper_date,
        organizations.papers_with_details,
        organizations.adopted_papers,
        organizations.total_models,
        organizations.total_datasets,
        organizations.total_spaces,
        'https://huggingface.co/' || organizations.organization_name as hf_url
    from organizations
    left join org_authors on organizations.organization_name = org_authors.organization_name

)

select * from final
