{#-
  Author-keyed incremental models (dim_authors, fct_coauthorships, fct_author_merge_candidates): an author
  changes when a changed paper lists them, or listed them before its rewrite. bridge_paper_authors logs
  both in dbt_state.changed_authors, with the paper's loaded_at (its pre- and post-hook), so each model
  rebuilds the authors logged since its own watermark (macros/incremental_papers.sql), one dropped from a
  paper included. A model with no watermark rebuilds every author.
-#}

{#- bridge_paper_authors' pre-hook (the authors before) and post-hook (after), before its watermark moves. -#}
{% macro log_changed_authors() -%}
    {%- if is_incremental() -%}
    insert into dbt_state.changed_authors
    select distinct bridge.author_id, papers.loaded_at
    from {{ this }} as bridge
    inner join {{ ref('int_papers') }} as papers on bridge.paper_id = papers.paper_id
    where {{ paper_changed('bridge.paper_id') }}
    {%- endif -%}
{%- endmacro %}

{% macro changed_authors(since='loaded_at', relation=this) -%}
    select author_id
    from dbt_state.changed_authors
    where loaded_at > (select {{ since }} from dbt_state.watermarks where model = {{ watermark_key(relation) }})
{%- endmacro %}

{#- A predicate over author key columns: true on a full build and for a changed author otherwise. -#}
{% macro author_changed(columns=['author_id'], with_taxonomy=false) -%}
    {%- do ref('int_papers') -%}
    {%- if is_incremental() -%}
    (
        {{ stored_watermark('loaded_at') }} is null
        {%- for column in columns %}
        or {{ column }} in ({{ changed_authors() }})
        {%- endfor %}
        {%- if with_taxonomy %}
        or {{ taxonomy_changed() }}
        {%- endif %}
    )
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{% macro delete_changed_authors(columns=['author_id'], with_taxonomy=false) -%}
    {%- if is_incremental() -%}
    delete from {{ this }} where {{ author_changed(columns, with_taxonomy) }}
    {%- endif -%}
{%- endmacro %}

{#- fct_author_merge_candidates' pre-hook: the rows of changed authors, and pairs gone or changed. -#}
{% macro delete_changed_merge_candidates() -%}
    {%- if is_incremental() -%}
    delete from {{ this }} as kept
    where {{ author_changed(['kept.author_id_a', 'kept.author_id_b'], with_taxonomy=true) }}
        or not exists (
            select 1
            from {{ ref('int_author_merge_pairs') }} as pairs
            where pairs.author_id_a = kept.author_id_a
                and pairs.author_id_b = kept.author_id_b
                and pairs.name_a = kept.name_a
                and pairs.name_b = kept.name_b
                and pairs.reason = kept.reason
                and pairs.similarity = kept.similarity
        )
    {%- endif -%}
{%- endmacro %}
