{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_trend_weeks(with_taxonomy=true) }}",
        post_hook="{{ record_watermark(with_taxonomy=true) }}",
    )
}}

-- depends_on: {{ ref('int_topics') }}

{{ weekly_trends(ref('bridge_paper_topics'), 'topic_id', dense_entities=ref('dim_topics')) }}
