with

topics as (

    select * from {{ ref('int_topics') }}

),

paper_topics as (

    select * from {{ ref('bridge_paper_topics') }}

),

topic_sizes as (

    select topic_id, count(*) as paper_count, count(*) filter (where is_main) as main_paper_count
    from paper_topics
    group by topic_id

),

final as (

    select
        topics.topic_id,
        topics.topic_name,
        topics.parent_topic_id,
        topics.role,
        topics.description,
        coalesce(topic_sizes.paper_count, 0) as paper_count,
        coalesce(topic_sizes.main_paper_count, 0) as main_paper_count,
        topics.taxonomy_version
    from topics
    left join topic_sizes on topics.topic_id = topic_sizes.topic_id

)

select * from final
