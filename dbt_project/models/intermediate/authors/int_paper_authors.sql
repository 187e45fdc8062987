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
    from (
        select name_as_listed as spelling from parsed where name_as_listed is not null
        union
        select linked_fullname from parsed where linked_fullname is not null
    )

),

folded as (

    select
        parsed.*,
        names.folded as normalized_name,
        fullnames.folded as linked_fullname_folded
    from parsed
    left join spellings as names on parsed.name_as_listed = names.spelling
    left join spellings as fullnames on parsed.linked_fullname = fullnames.spelling

),

link_ranked as (

    -- one HF account linked to two entries of a paper is a mistaken claim: the link stays on the entry
    -- whose name is the account's full name, else on the first, and the others fall back to their names
    select
        *,
        case when linked_user is not null then row_number() over (
            partition by paper_id, linked_user
            order by normalized_name is not distinct from linked_fullname_folded desc, author_position
        ) end as link_rank
    from folded

),

keyed as (

    select
        paper_id,
        author_position,
        name_as_listed,
        normalized_name,
        case when link_rank = 1 then linked_user end as hf_user,
        linked_user,
        claim_status,
        coalesce(link_rank > 1, false) as link_conflict,
        case
            when link_rank = 1 then 'hf:' || linked_user
            else 'name:' || md5(coalesce(normalized_name, name_as_listed, ''))
        end as author_id
    from link_ranked
    where name_as_listed is not null or linked_user is not null

),

final as (

    select
        papers.paper_id,
        coalesce(
            list(
                struct_pack(
                    author_position := keyed.author_position,
                    name_as_listed := keyed.name_as_listed,
                    normalized_name := keyed.normalized_name,
                    hf_user := keyed.hf_user,
                    linked_user := keyed.linked_user,
                    claim_status := keyed.claim_status,
                    link_conflict := keyed.link_conflict,
                    author_id := keyed.author_id
                )
                order by keyed.author_position
            ) filter (where keyed.author_position is not null),
            []
        ) as authors,
        any_value(papers.loaded_at) as loaded_at
    from papers
    left join keyed on papers.paper_id = keyed.paper_id
    group by papers.paper_id

)

select * from final
