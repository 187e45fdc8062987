with

candidates as not materialized (

    -- not materialized: DuckDB copies a CTE read more than once, which also stops filters reaching the scan
    select paper_id, unnest(keywords, recursive := true) from {{ ref('int_paper_keywords') }}

),

papers as (

    select paper_id, paper_date from {{ ref('int_papers') }}

),

surface_counts as (

    select keyword, surface, spelled_out, count(*) as n_papers
    from candidates
    group by keyword, surface, spelled_out

),

display_forms as (

    -- the most common way the keyword is written out ("large language models", not "LLMs"), acronyms only
    -- when it is never written out; ties go to the alphabetically first spelling
    select keyword, arg_min(surface, (not spelled_out, -n_papers, surface)) as display_keyword
    from surface_counts
    group by keyword

),

keyword_papers as (

    -- (paper, keyword) is unique in the candidates: count(*) counts papers
    select
        candidates.keyword,
        count(*) as paper_count,
        min(papers.paper_date) as first_seen_date,
        max(papers.paper_date) as last_seen_date
    from candidates
    inner join papers on candidates.paper_id = papers.paper_id
    group by candidates.keyword

),

final as (

    select
        keyword_papers.keyword as keyword_id,
        keyword_papers.keyword,
        display_forms.display_keyword,
        keyword_papers.paper_count,
        keyword_papers.first_seen_date,
        keyword_papers.last_seen_date
    from keyword_papers
    inner join display_forms on keyword_papers.keyword = display_forms.keyword

)

select * from final
