{#-
  Paper-keyed incremental models: a daily run rebuilds only the papers that changed since the model's last
  build, whatever the model.

  A paper changes when int_papers rebuilds it from a new sighting, and then int_papers.loaded_at (the dbt
  run's start) moves forward: a clock of loads, not of fetches, so a listing landed late still counts.
  Each model keeps its own watermark (the newest loaded_at it has seen) in dbt_state.watermarks, in
  the same transaction as its rows: a model that failed or was not selected catches up on its next run, and
  a model with no watermark (a new model, or a warehouse from before this table) rebuilds every paper.
  Models that read the topic taxonomy (with_taxonomy=true) also record its hash: an edited seed rebuilds
  every paper.

  Use: tags=['incremental_by_paper'], incremental_strategy='append',
  `pre_hook="{{ delete_changed_papers() }}"`, `post_hook="{{ record_watermark() }}"`, and filter the
  model's import CTEs with `where {{ paper_changed() }}`. The pre-hook deletes the changed papers' rows
  first, so a paper that now has no rows at all (a topic lost, an author list emptied) keeps none. The
  watermark row also keeps the previous watermark: the model's data tests check only the rows its last run
  wrote (get_where_subquery below).
-#}

{% macro watermark_key(relation=this) -%}
    '{{ relation.identifier }}'
{%- endmacro %}

{% macro stored_watermark(column) -%}
    (select {{ column }} from dbt_state.watermarks where model = {{ watermark_key() }})
{%- endmacro %}

{% macro taxonomy_changed() -%}
    {{ topics_taxonomy_hash() }} is distinct from {{ stored_watermark('taxonomy_hash') }}
{%- endmacro %}

{% macro changed_papers(with_taxonomy=false) -%}
    select paper_id
    from {{ ref('int_papers') }}
    where loaded_at > coalesce({{ stored_watermark('loaded_at') }}, '-infinity'::timestamptz)
        {%- if with_taxonomy %} or {{ taxonomy_changed() }}{% endif %}
{%- endmacro %}

{#- A predicate: true for a changed paper on an incremental run, for every paper on a full build. -#}
{% macro paper_changed(column='paper_id', with_taxonomy=false) -%}
    {#- the refs the incremental branch and the hooks make, declared while dbt parses the model -#}
    {%- do ref('int_papers') -%}
    {%- if with_taxonomy %}{% do ref('int_topics') %}{% endif -%}
    {%- if is_incremental() -%}
    {{ column }} in ({{ changed_papers(with_taxonomy) }})
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{#- The pre-hook. -#}
{% macro delete_changed_papers(with_taxonomy=false) -%}
    {%- if is_incremental() -%}
    delete from {{ this }} where {{ paper_changed(with_taxonomy=with_taxonomy) }}
    {%- endif -%}
{%- endmacro %}

{#- The post-hook. A full build, or a taxonomy change, rewrote every row: no previous watermark. -#}
{% macro record_watermark(with_taxonomy=false) -%}
    {%- set taxonomy_hash = topics_taxonomy_hash() if with_taxonomy else 'null' -%}
    insert or replace into dbt_state.watermarks
    select
        {{ watermark_key() }},
        (select max(loaded_at) from {{ ref('int_papers') }}),
        {% if is_incremental() and not should_full_refresh() -%}
        case
            when {{ taxonomy_hash }} is not distinct from {{ stored_watermark('taxonomy_hash') }}
            then {{ stored_watermark('loaded_at') }}
        end,
        {%- else -%}
        null,
        {%- endif %}
        {{ taxonomy_hash }}
{%- endmacro %}

{#- on-run-start: the watermarks and the author change log (macros/incremental_authors.sql), created once. -#}
{% macro create_dbt_state_tables() -%}
    create schema if not exists dbt_state;
    create table if not exists dbt_state.watermarks (
        model varchar primary key,
        loaded_at timestamptz,
        previous_loaded_at timestamptz,
        taxonomy_hash varchar
    );
    create table if not exists dbt_state.changed_authors (
        author_id varchar not null,
        loaded_at timestamptz not null
    );
{%- endmacro %}

{#-
  dbt's hook for a data test's `where` config (dbt_project.yml sets `__written_by_last_run__` for all
  tests): on a paper-keyed incremental model it becomes "the papers its last run wrote" (on an
  author-keyed one, the authors, macros/incremental_authors.sql), so a daily run tests its new rows, not
  the history again. Sound for these tables: every test is per row or within a paper or author, and a run
  rewrites whole papers (authors). On any other model it is `true`.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- if where -%}
        {%- set where = where | replace('__written_by_last_run__', written_by_last_run(relation)) -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}

{% macro model_node(name) -%}
    {%- set nodes = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | selectattr('name', 'equalto', name) | list -%}
    {%- do return(nodes[0] if nodes else none) -%}
{%- endmacro %}

{% macro written_by_last_run(relation) -%}
    {%- set node = model_node(relation.identifier) -%}
    {%- set tags = node.tags if node else [] -%}
    {%- if 'incremental_by_paper' in tags -%}
    paper_id in ({{ papers_loaded_since_previous_build(relation) }})
    {%- elif 'incremental_by_author' in tags -%}
    {#- macros/incremental_authors.sql: the authors logged since the previous build, or all after a full one -#}
    {%- set previous -%}
        (select previous_loaded_at from dbt_state.watermarks where model = {{ watermark_key(relation) }})
    {%- endset -%}
    {%- set columns = ['author_id_a', 'author_id_b'] if 'author_id_a' in node.columns else ['author_id'] -%}
    (
        {{ previous }} is null
        {%- for column in columns %}
        or {{ column }} in ({{ changed_authors('previous_loaded_at', relation) }})
        {%- endfor %}
    )
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{% macro papers_loaded_since_previous_build(relation) -%}
    {%- set papers = model_node('int_papers') -%}
    select paper_id
    from {{ api.Relation.create(database=papers.database, schema=papers.schema, identifier=papers.alias) }}
    where loaded_at > coalesce(
        (select previous_loaded_at from dbt_state.watermarks where model = {{ watermark_key(relation) }}),
        '-infinity'::timestamptz
    )
{%- endmacro %}
