{#-
  Which listing dates an incremental run rebuilds. With vars min_date/max_date (Dagster passes the
  partition window) the dates in that inclusive window; without them, every listing date that has a fetch
  newer than the newest one already loaded in {{ this }}. The caller deletes and reinserts whole dates, so
  a rerun after a failure repeats the same work and never duplicates.
-#}
{% macro listing_dates_to_rebuild(source_relation, date_column='listing_date', fetched_column='fetched_at') -%}
    {%- if var('min_date', none) is not none or var('max_date', none) is not none -%}
        {{ date_column }} between
            cast('{{ var("min_date", "1900-01-01") }}' as date)
            and cast('{{ var("max_date", "9999-12-31") }}' as date)
    {%- else -%}
        {{ date_column }} in (
            select {{ date_column }}
            from {{ source_relation }}
            where {{ fetched_column }} > (select coalesce(max({{ fetched_column }}), '-infinity'::timestamptz) from {{ this }})
        )
    {%- endif -%}
{%- endmacro %}
