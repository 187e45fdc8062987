{#-
  One row per paper with its author entries as a list, so that a paper whose list changed, shrank or
  emptied is replaced whole. Incremental by paper: delete+insert on paper_id of the papers int_papers
  loaded since this model's newest loaded_at. A table, not a view: fold_name() is a Python UDF that only
  dbt's connections register.
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='paper_id',
        on_schema_change='fail',
    )
}}

with

papers as (

    select paper_id, authors, loaded_at
    from {{ ref('int_papers') }}
    {% if is_incremental() %}
    where loaded_at > (select coalesce(max(loaded_at), '-infinity'::timestamptz) from {{ this }})
    {% endif %}

),

entries as (

    -- each paper's author list parsed once, in list order (an entry's position is its index in the list);
    -- unnested into a row per entry and aggregated back, a million papers' lists ran out of the 2GB limit
    select
        paper_id,
        loaded_at,
        list_transform(
            {{ json_array_elements('authors') }},
            lambda author, position: struct_pack(
                author_position := cast(position as integer),
                name_as_listed := {{ collapse_whitespace(json_text('author', '$.name')) }},
                linked_user := lower({{ json_text('author', '$.user.user') }}),
                linked_fullname := {{ json_text('author', '$.user.fullname') }},
                claim_status := {{ json_text('author', '$.status') }}
            )
        ) as entries
    from papers

),

final as (

    -- entries with neither a name nor a user are dropped; the others keep their position
    select
        paper_id,
        coalesce(
            list_transform(
                list_filter(entries, lambda entry: entry.name_as_listed is not null or entry.linked_user is not null),
                lambda entry: struct_pack(
                    author_position := entry.author_position,
                    name_as_listed := entry.name_as_listed,
                    normalized_name := nullif(fold_name(entry.name_as_listed), ''),
                    linked_user := entry.linked_user,
                    linked_fullname := entry.linked_fullname,
                    claim_status := entry.claim_status
                )
            ),
            []
        ) as authors,
        loaded_at
    from entries

)

select * from final
