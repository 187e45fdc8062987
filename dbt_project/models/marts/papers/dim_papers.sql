with

papers as (

    select * from {{ ref('int_papers') }}

),

bridge as (

    select * from {{ ref('bridge_paper_authors') }}

),

paper_authors as (

    -- every listed entry, a name listed twice included: the count the paper shows
    select paper_id, count(*) as author_count
    from bridge
    group by paper_id

),

final as (

    select
        papers.paper_id,
        papers.title,
        papers.abstract,
        papers.published_at,
        papers.paper_date,
        papers.first_listed_date,
        papers.last_listed_date,
        papers.times_listed,
        papers.upvotes,
        papers.num_comments,
        papers.ai_summary,
        papers.github_repo,
        papers.github_stars,
        papers.project_page,
        papers.organization_name,
        papers.organization_fullname,
        papers.thumbnail_url,
        'https://huggingface.co/papers/' || papers.paper_id as hf_url,
        'https://arxiv.org/abs/' || papers.paper_id as arxiv_url,
        papers.is_withdrawn,
        papers.withdrawn_at,
        coalesce(paper_authors.author_count, 0) as author_count,
        papers.in_daily_listings,
        papers.watchlists
    from papers
    left join paper_authors on papers.paper_id = paper_authors.paper_id

)

select * from final
