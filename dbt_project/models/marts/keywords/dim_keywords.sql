with

paper_keywords as (

    select * from {{ ref('int_paper_keywords') }}

),

papers as (

    select paper_id, paper_date from {{ ref('int_papers') }}

),

final as (

    select
        paper_keywords.keyword as keyword_id,
        paper_keywords.keyword,
        min(paper_keywords.display_keyword) as display_keyword,
        count(distinct paper_keywords.paper_id) as paper_count,
        min(papers.paper_date) as first_seen_date,
        max(papers.paper_date) as last_seen_date
    from paper_keywords
    inner join papers on paper_keywords.paper_id = papers.paper_id
    group by paper_keywords.keyword

)

select * from final
