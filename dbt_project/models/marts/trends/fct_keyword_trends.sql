{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_trend_weeks() }}",
        post_hook="{{ record_watermark() }}",
    )
}}

{{ weekly_trends(ref('bridge_paper_keywords'), 'keyword_id') }}
