with

paper_keywords as (

    select paper_id, unnest(keywords, recursive := true) from {{ ref('int_paper_keywords') }}

),

final as (

    select paper_id, keyword as keyword_id, score, source from paper_keywords

)

select * from final
