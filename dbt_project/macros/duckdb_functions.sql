{#-
  The DuckDB-specific SQL of the warehouse lives here: JSON access, typed casts that never fail, text
  normalisation and "latest non-null value" aggregation. Another engine needs only these macros rewritten.
-#}

{% macro json_text(json_col, path) -%}
    nullif(json_extract_string({{ json_col }}, '{{ path }}'), '')
{%- endmacro %}

{% macro json_bigint(json_col, path) -%}
    try_cast(json_extract_string({{ json_col }}, '{{ path }}') as bigint)
{%- endmacro %}

{% macro json_timestamp(json_col, path) -%}
    try_cast(json_extract_string({{ json_col }}, '{{ path }}') as timestamptz)
{%- endmacro %}

{#- A JSON array of scalars as varchar[]; null when the key is absent or not an array, [] kept as []. -#}
{% macro json_text_list(json_col, path) -%}
    case when json_type({{ json_col }}, '{{ path }}') = 'ARRAY'
        then list_filter(json_extract_string({{ json_col }}, '{{ path }}[*]'), lambda x: x is not null)
    end
{%- endmacro %}

{#- A JSON array kept as JSON (e.g. the author list); null when absent or not an array. -#}
{% macro json_array(json_col, path) -%}
    case when json_type({{ json_col }}, '{{ path }}') = 'ARRAY' then json_extract({{ json_col }}, '{{ path }}') end
{%- endmacro %}

{#-
  Several paths of one JSON value, parsed once: a json[] with one element per path, in the list's order.
  Read path by path, a document is parsed again for each path: for a model reading twenty fields of each
  raw response, most of its time, and each DuckDB thread holds every path's parse of a chunk at once (at
  a million responses, past the 2GB memory limit). json_part(parts, paths, path) is one element, read
  with the macros above at '$'.
-#}
{% macro json_parts(json_col, paths) -%}
    json_extract({{ json_col }}, [{% for path in paths %}'{{ path }}'{{ ", " if not loop.last }}{% endfor %}])
{%- endmacro %}

{% macro json_part(parts, paths, path) -%}
    {{ parts }}[{{ paths.index(path) + 1 }}]
{%- endmacro %}

{#- Elements of a JSON array as json[], for unnesting. -#}
{% macro json_array_elements(json_col) -%}
    cast(json_extract({{ json_col }}, '$[*]') as json[])
{%- endmacro %}

{#- Collapse runs of whitespace (arXiv titles keep their line breaks) and trim. -#}
{% macro collapse_whitespace(expr) -%}
    nullif(trim(regexp_replace({{ expr }}, '\s+', ' ', 'g')), '')
{%- endmacro %}

{#- The value of `col` on the row with the smallest `rank_col` among rows where `col` is not null. -#}
{% macro latest_non_null(col, rank_col) -%}
    arg_min({{ col }}, {{ rank_col }}) filter (where {{ col }} is not null)
{%- endmacro %}

{% macro string_agg_sorted_list(expr) -%}
    list_sort(list_distinct(list({{ expr }})))
{%- endmacro %}

{% macro first_word(expr) -%}
    split_part({{ expr }}, ' ', 1)
{%- endmacro %}

{% macro last_word(expr) -%}
    string_split({{ expr }}, ' ')[-1]
{%- endmacro %}

{% macro name_similarity(a, b) -%}
    jaro_winkler_similarity({{ a }}, {{ b }})
{%- endmacro %}

{#- ISO weeks (Monday start) and their labels, e.g. 2025-W28. -#}
{% macro iso_week_start(date_expr) -%}
    cast(date_trunc('week', {{ date_expr }}) as date)
{%- endmacro %}

{% macro iso_week_label(date_expr) -%}
    strftime({{ date_expr }}, '%G-W%V')
{%- endmacro %}

{#-
  The ids of a JSON array of Hub repos (PaperInfo's linkedModels, linkedDatasets, linkedSpaces) as
  varchar[], in the array's order: an element's `id`, or the element itself when it is a plain string;
  elements without either are dropped. Null when the key is absent or not an array, [] kept as [].
-#}
{% macro json_repo_ids(json_col, path) -%}
    case when json_type({{ json_col }}, '{{ path }}') = 'ARRAY' then list_filter(
        list_transform(
            cast(json_extract({{ json_col }}, '{{ path }}[*]') as json[]),
            lambda repo: coalesce(
                json_extract_string(repo, '$.id'),
                case when json_type(repo) = 'VARCHAR' then json_extract_string(repo, '$') end
            )
        ),
        lambda repo_id: repo_id is not null
    ) end
{%- endmacro %}

{#- The UTC calendar date of a timestamptz, whatever the session's time zone. -#}
{% macro utc_date(timestamptz_expr) -%}
    cast(timezone('UTC', {{ timestamptz_expr }}) as date)
{%- endmacro %}
