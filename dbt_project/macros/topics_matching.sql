{#-
  Regular-expression matching of the topic taxonomy (seeds/topics.csv). DuckDB's regex functions (RE2)
  live only here; another engine needs these four macros rewritten.
-#}

{#- A seed pattern column as one case-insensitive regex whose alternatives match whole words. -#}
{% macro topics_pattern_regex(patterns) -%}
    case when nullif(trim({{ patterns }}), '') is not null then '(?i)\b(?:' || trim({{ patterns }}) || ')\b' end
{%- endmacro %}

{% macro topics_matches(text, regex) -%}
    coalesce(regexp_matches({{ text }}, {{ regex }}), false)
{%- endmacro %}

{% macro topics_match_count(text, regex) -%}
    coalesce(len(regexp_extract_all({{ text }}, {{ regex }})), 0)
{%- endmacro %}

{#- A `|`-separated seed column as a list of trimmed, non-empty names. -#}
{% macro topics_split_list(expr) -%}
    list_filter(list_transform(string_split(coalesce({{ expr }}, ''), '|'), lambda x: trim(x)), lambda x: x <> '')
{%- endmacro %}

{#-
  The taxonomy's rules, read at run time so every regex reaches the engine as a constant: compiled once per
  query instead of once per row (a 40x difference). Empty while dbt parses.
-#}
{% macro topics_rules(topics_relation) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set result = run_query(
        "select topic_id, include_regex, exclude_regex, min_abstract_hits from " ~ topics_relation ~ " order by topic_id"
    ) -%}
    {{ return(result.rows) }}
{%- endmacro %}

{% macro topics_sql_string(value) -%}
    '{{ value | replace("'", "''") }}'
{%- endmacro %}

{#- md5 of the taxonomy's matching rules: a change (an edited seed) re-matches every paper. -#}
{% macro topics_taxonomy_hash() -%}
    (
        select md5(string_agg(
            concat_ws('|', topic_id, include_regex, exclude_regex, min_abstract_hits, array_to_string(watchlists, ',')),
            ' ; ' order by topic_id
        ))
        from {{ ref('int_topics') }}
    )
{%- endmacro %}
