{{ config(materialized='table') }}

with

candidates as (

    select * from {{ ref('int_paper_keyword_candidates') }}

),

surface_counts as (

    select keyword, surface, spelled_out, count(*) as n_papers
    from candidates
    group by keyword, surface, spelled_out

),

display_forms as (

    -- the most common way the keyword is written out ("large language models", not "LLMs"), acronyms only
    -- when it is never written out; ties go to the alphabetically first spelling
    select
        keyword,
        surface as display_keyword,
        row_number() over (partition by keyword order by spelled_out desc, n_papers desc, surface) as preference
    from surface_counts

),

final as (

    select
        candidates.paper_id,
        candidates.keyword,
        display_forms.display_keyword,
        candidates.score,
        candidates.source
    from candidates
    inner join display_forms
        on candidates.keyword = display_forms.keyword
        and display_forms.preference = 1

)

select * from final
