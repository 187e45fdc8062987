{#-
  Which listing dates an incremental run rebuilds. With vars min_date/max_date (Dagster passes the
  partition window) the dates in that inclusive window; without them, every listing date whose newest fetch
  in `source_relation` is newer than the newest one {{ this }} holds for that date (or that it lacks), so a
  date landed late, after newer ones were loaded, is not missed. The caller deletes and reinserts whole
  dates, so a rerun after a failure repeats the same work and never duplicates.
-#}
{% macro listing_dates_to_rebuild(source_relation, date_column='listing_date', fetched_column='fetched_at') -%}
    {%- if var('min_date', none) is not none or var('max_date', none) is not none -%}
        {{ date_column }} between
            cast('{{ var("min_date", "1900-01-01") }}' as date)
            and cast('{{ var("max_date", "9999-12-31") }}' as date)
    {%- else -%}
        {{ date_column }} in (
            select fetched.{{ date_column }}
            from (
                select {{ date_column }}, max({{ fetched_column }}) as newest
                from {{ source_relation }}
                group by {{ date_column }}
            ) as fetched
            left join (
                select {{ date_column }}, max({{ fetched_column }}) as newest
                from {{ this }}
                group by {{ date_column }}
            ) as loaded on fetched.{{ date_column }} = loaded.{{ date_column }}
            where loaded.newest is null or fetched.newest > loaded.newest
        )
    {%- endif -%}
{%- endmacro %}
