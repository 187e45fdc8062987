{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        tags=['incremental_by_author'],
        pre_hook="{{ delete_changed_authors(['author_id_a', 'author_id_b']) }}",
        post_hook="{{ record_watermark() }}",
    )
}}

with

bridge as not materialized (

    -- not materialized: DuckDB copies a CTE read more than once, which also stops filters reaching the scan
    select * from {{ ref('bridge_paper_authors') }}

),

{% if is_incremental() %}
changed_authors as (

    -- the pairs of these authors are recounted (macros/incremental_authors.sql)
    select distinct author_id from bridge where {{ author_changed() }}

),
{% endif %}

papers as (

    select paper_id, paper_date from {{ ref('int_papers') }}

),

collaboration_papers as (

    -- hyper-authored papers (consortium lists such as BIG-bench's 444 authors) say nothing about who
    -- works with whom and would add n^2/2 pairs each: they add no pairs
    select paper_id
    from bridge
    {% if is_incremental() %}
    where paper_id in (select paper_id from bridge where author_id in (select author_id from changed_authors))
    {% endif %}
    group by paper_id
    having count(*) between 2 and {{ var('coauthorship_max_authors') }}

),

authors_on_papers as (

    select bridge.paper_id, bridge.author_id, papers.paper_date
    from bridge
    inner join collaboration_papers on bridge.paper_id = collaboration_papers.paper_id
    inner join papers on bridge.paper_id = papers.paper_id

),

pairs as (

    select
        a.author_id as author_id_a,
        b.author_id as author_id_b,
        a.paper_id,
        a.paper_date
    from authors_on_papers as a
    inner join authors_on_papers as b
        on a.paper_id = b.paper_id and a.author_id < b.author_id
    {% if is_incremental() %}
    where a.author_id in (select author_id from changed_authors)
        or b.author_id in (select author_id from changed_authors)
    {% endif %}

),

final as (

    select
        author_id_a,
        author_id_b,
        -- (paper, author) is unique in the bridge, so each pair appears once per paper
        count(*) as papers_together,
        min(paper_date) as first_together_date,
        max(paper_date) as last_together_date
    from pairs
    group by author_id_a, author_id_b

)

select * from final
