{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        tags=['incremental_by_paper'],
        on_schema_change='fail',
        pre_hook="{{ delete_changed_papers() }}",
        post_hook="{{ record_watermark() }}",
    )
}}

with

paper_keywords as (

    select paper_id, keyword as keyword_id, score, source from {{ ref('int_paper_keywords') }}
    -- on an incremental run, only the changed papers (macros/incremental_papers.sql)
    where {{ paper_changed() }}

),

final as (

    select * from paper_keywords

)

select * from final
