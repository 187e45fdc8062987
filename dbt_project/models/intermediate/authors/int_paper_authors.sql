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

    select
        paper_id,
        unnest({{ json_array_elements('authors') }}) as author,
        generate_subscripts({{ json_array_elements('authors') }}, 1) as author_position
    from papers
    where authors is not null

),

parsed as (

    select
        paper_id,
        cast(author_position as integer) as author_position,
        {{ collapse_whitespace(json_text('author', '$.name')) }} as name_as_listed,
        lower({{ json_text('author', '$.user.user') }}) as linked_user,
        {{ json_text('author', '$.user.fullname') }} as linked_fullname,
        {{ json_text('author', '$.status') }} as claim_status
    from entries

),

spellings as (

    -- fold each spelling once: an author's name repeats on every paper
    select spelling, nullif(fold_name(spelling), '') as folded
    from (select distinct name_as_listed as spelling from parsed where name_as_listed is not null)

),

folded as (

    select
        parsed.*,
        names.folded as normalized_name
    from parsed
    left join spellings as names on parsed.name_as_listed = names.spelling
    where parsed.name_as_listed is not null or parsed.linked_user is not null

),

final as (

    select
        papers.paper_id,
        coalesce(
            list(
                struct_pack(
                    author_position := folded.author_position,
                    name_as_listed := folded.name_as_listed,
                    normalized_name := folded.normalized_name,
                    linked_user := folded.linked_user,
                    linked_fullname := folded.linked_fullname,
                    claim_status := folded.claim_status
                )
                order by folded.author_position
            ) filter (where folded.author_position is not null),
            []
        ) as authors,
        any_value(papers.loaded_at) as loaded_at
    from papers
    left join folded on papers.paper_id = folded.paper_id
    group by papers.paper_id

)

select * from final
