{#-
  The body of a paper-keyed incremental bridge: on an incremental run, the rows of `rows_cte` for the papers
  whose rows differ from what the table holds, in either direction (added, changed or dropped rows); on a
  full build, every row. With delete+insert on paper_id this rewrites exactly those papers, so the table
  equals a full refresh by construction.
-#}
{% macro changed_papers_only(rows_cte) -%}
    {%- if is_incremental() %}
    select * from {{ rows_cte }}
    where paper_id in (
        select paper_id from (select * from {{ rows_cte }} except select * from {{ this }})
        union
        select paper_id from (select * from {{ this }} except select * from {{ rows_cte }})
    )
    {%- else %}
    select * from {{ rows_cte }}
    {%- endif %}
{%- endmacro %}
