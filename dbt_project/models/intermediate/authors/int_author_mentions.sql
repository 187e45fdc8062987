{#-
  A table, not a view: fold_name() is a Python UDF that only dbt's connections register. Incremental by
  paper: a run re-reads only the author lists of changed papers (macros/incremental_papers.sql).
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        tags=['incremental_by_paper'],
        on_schema_change='fail',
        pre_hook="{{ delete_changed_papers() }}",
        post_hook="{{ record_watermark() }}",
    )
}}

with

papers as (

    select paper_id, paper_date, upvotes, authors
    from {{ ref('int_papers') }}
    where {{ paper_changed() }}

),

unnested as (

    select
        paper_id,
        paper_date,
        upvotes,
        unnest({{ json_array_elements('authors') }}) as author,
        generate_subscripts({{ json_array_elements('authors') }}, 1) as author_position
    from papers
    where authors is not null

),

mentions as (

    select
        paper_id,
        paper_date,
        upvotes,
        author_position,
        {{ collapse_whitespace(json_text('author', '$.name')) }} as name_as_listed,
        lower({{ json_text('author', '$.user.user') }}) as hf_user,
        {{ json_text('author', '$.status') }} as claim_status
    from unnested

),

spellings as (

    -- fold each spelling once: an author's name repeats on every paper
    select name_as_listed, nullif(fold_name(name_as_listed), '') as normalized_name
    from (select distinct name_as_listed from mentions where name_as_listed is not null)

),

folded as (

    select mentions.*, spellings.normalized_name
    from mentions
    left join spellings on mentions.name_as_listed = spellings.name_as_listed
    where mentions.name_as_listed is not null or mentions.hf_user is not null

),

keyed as (

    select
        paper_id,
        paper_date,
        upvotes,
        author_position,
        name_as_listed,
        normalized_name,
        hf_user,
        claim_status,
        case
            when hf_user is not null then 'hf:' || hf_user
            else 'name:' || md5(coalesce(normalized_name, name_as_listed))
        end as author_id
    from folded

)

select * from keyed
