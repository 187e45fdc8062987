{{ config(materialized='table') }}

with

papers as (

    select paper_id from {{ ref('int_papers') }}

),

paper_topics as (

    select * from {{ ref('bridge_paper_topics') }}

),

topics as (

    select topic_id, taxonomy_version from {{ ref('int_topics') }}

),

topic_sizes as (

    select topic_id, count(*) as n_papers
    from paper_topics
    group by topic_id

),

largest as (

    select topic_id, n_papers
    from topic_sizes
    order by n_papers desc, topic_id
    limit 1

),

totals as (

    select
        count(*) as papers,
        count(*) filter (where paper_id in (select paper_id from paper_topics)) as papers_with_topic
    from papers

),

final as (

    select
        (select max(taxonomy_version) from topics) as taxonomy_version,
        (select count(*) from topics) as topics_defined,
        (select count(*) from topic_sizes) as topics_used,
        totals.papers,
        totals.papers_with_topic,
        totals.papers - totals.papers_with_topic as papers_without_topic,
        1.0 - totals.papers_with_topic / nullif(totals.papers, 0) as no_topic_share,
        (select topic_id from largest) as largest_topic_id,
        (select n_papers from largest) / nullif(totals.papers, 0) as largest_topic_share
    from totals

)

select * from final
