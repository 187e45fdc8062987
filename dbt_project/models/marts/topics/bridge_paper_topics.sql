{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        tags=['incremental_by_paper'],
        on_schema_change='fail',
        pre_hook="{{ delete_changed_papers(with_taxonomy=true) }}",
        post_hook="{{ record_watermark(with_taxonomy=true) }}",
    )
}}

with

paper_topics as (

    select paper_id, topic_id, score, method from {{ ref('int_paper_topics') }}
    -- on an incremental run, only the changed papers (macros/incremental_papers.sql)
    where {{ paper_changed(with_taxonomy=true) }}

),

final as (

    select * from paper_topics

)

select * from final
