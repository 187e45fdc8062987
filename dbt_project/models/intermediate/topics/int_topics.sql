with

seed as (

    select * from {{ ref('topics') }}

),

final as (

    select
        topic_id,
        topic_name,
        nullif(trim(parent_topic_id), '') as parent_topic_id,
        nullif(trim(broader_topic_ids), '') as broader_topic_ids,
        coalesce(nullif(trim(role), ''), 'subject') as role,
        description,
        patterns,
        nullif(trim(exclude_patterns), '') as exclude_patterns,
        nullif(trim(context_patterns), '') as context_patterns,
        taxonomy_version
    from seed

)

select * from final
