with

paper_topics as (

    select paper_id, unnest(topics, recursive := true) from {{ ref('int_paper_topics') }}

),

final as (

    select paper_id, topic_id, score, method, rank, rank = 1 as is_main from paper_topics

)

select * from final
