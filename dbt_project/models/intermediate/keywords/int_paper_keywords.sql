with

candidates as (

    select * from {{ ref('int_paper_keyword_candidates') }}

),

final as (

    select paper_id, keyword, score, source
    from candidates

)

select * from final
