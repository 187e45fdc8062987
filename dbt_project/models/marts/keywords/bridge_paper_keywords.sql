{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='paper_id',
        on_schema_change='fail',
    )
}}

with

paper_keywords as (

    select paper_id, keyword as keyword_id, score, source from {{ ref('int_paper_keywords') }}

),

final as (

    -- on an incremental run, only papers whose rows changed (macros/incremental_changed_papers.sql)
    {{ changed_papers_only('paper_keywords') }}

)

select * from final
