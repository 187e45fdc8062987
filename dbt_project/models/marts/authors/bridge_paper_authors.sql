with

mentions as (

    select * from {{ ref('int_author_resolution') }}

),

final as (

    -- every listed entry keeps its row: a name listed twice, or one account claimed twice, is two rows
    select paper_id, author_position, author_id, name_as_listed, resolution, confidence
    from mentions

)

select * from final
