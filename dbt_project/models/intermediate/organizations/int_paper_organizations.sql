-- The HF organisation a paper is filed under: the listings' (dim_papers.organization_name), else its latest
-- detail fetch's (listings carried no organisation before 2025).
with

papers as (

    select paper_id, organization_name, organization_fullname from {{ ref('int_papers') }}

),

details as (

    select paper_id, organization_name, organization_fullname from {{ ref('int_paper_details_latest') }}

),

final as (

    select
        papers.paper_id,
        coalesce(papers.organization_name, details.organization_name) as organization_name,
        case
            when papers.organization_name is not null then papers.organization_fullname
            else details.organization_fullname
        end as organization_fullname,
        case when papers.organization_name is not null then 'listing' else 'detail' end as organization_source
    from papers
    left join details on papers.paper_id = details.paper_id
    where coalesce(papers.organization_name, details.organization_name) is not null

)

select * from final
