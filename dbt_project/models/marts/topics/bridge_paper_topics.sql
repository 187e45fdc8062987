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

final as (

    -- on an incremental run, only papers whose rows changed (macros/incremental_changed_papers.sql)
    {{ changed_papers_only('paper_topics') }}

)

select * from final
