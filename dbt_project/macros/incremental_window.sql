{#-
  The listing dates an incremental run re-reads (stg_hf__daily_papers, fct_daily_listings, both delete+insert
  on listing_date): every date whose newest fetch in `source_relation` is newer than the newest one
  {{ this }} holds for it (or that it lacks), so a date landed late, or refetched outside the schedule's
  window, is not missed, and a run's partitions (each refetched) are rebuilt without being named: no vars,
  so every run reuses dbt's saved parse. A rerun repeats the same work and never duplicates.
-#}
{% macro listing_dates_to_rebuild(source_relation) -%}
    listing_date in (
        select fetched.listing_date
        from (
            select listing_date, max(fetched_at) as newest from {{ source_relation }} group by listing_date
        ) as fetched
        left join (
            select listing_date, max(fetched_at) as newest from {{ this }} group by listing_date
        ) as loaded on fetched.listing_date = loaded.listing_date
        where loaded.newest is null or fetched.newest > loaded.newest
    )
{%- endmacro %}
