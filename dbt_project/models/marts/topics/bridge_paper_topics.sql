{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='paper_id',
        on_schema_change='fail',
    )
}}

with

paper_topics as (

    select paper_id, topic_id, score, method from {{ ref('int_paper_topics') }}

),

{% if is_incremental() %}

changed_papers as (

    -- papers whose topic rows differ from what is loaded, in either direction
    select paper_id from (select * from paper_topics except select * from {{ this }})
    union
    select paper_id from (select * from {{ this }} except select * from paper_topics)

),

final as (

    select * from paper_topics
    where paper_id in (select paper_id from changed_papers)

)

{% else %}

final as (

    select * from paper_topics

)

{% endif %}

select * from final
