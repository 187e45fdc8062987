with

seed as (

    select * from {{ ref('topics') }}

),

final as (

    select
        topic_id,
        topic_name,
        nullif(trim(parent_topic_id), '') as parent_topic_id,
        description,
        {{ topics_pattern_regex('include_patterns') }} as include_regex,
        {{ topics_pattern_regex('exclude_patterns') }} as exclude_regex,
        coalesce(min_abstract_hits, 2) as min_abstract_hits,
        {{ topics_split_list('watchlists') }} as watchlists,
        taxonomy_version
    from seed

)

select * from final
