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

{% if is_incremental() %}

changed_papers as (

    -- papers whose keyword rows differ from what is loaded, in either direction
    select paper_id from (select * from paper_keywords except select * from {{ this }})
    union
    select paper_id from (select * from {{ this }} except select * from paper_keywords)

),

final as (

    select * from paper_keywords
    where paper_id in (select paper_id from changed_papers)

)

{% else %}

final as (

    select * from paper_keywords

)

{% endif %}

select * from final
