with

mentions as (

    select * from {{ ref('int_author_resolution') }}

),

spellings as (

    select
        author_id,
        name_as_listed,
        normalized_name,
        row_number() over (
            partition by author_id
            order by count(*) desc, name_as_listed
        ) as spelling_rank
    from mentions
    group by author_id, name_as_listed, normalized_name

),

display_names as (

    select author_id, name_as_listed as display_name, normalized_name
    from spellings
    where spelling_rank = 1

),

evidence as (

    select
        author_id,
        min(hf_user) as hf_user,
        count(*) as mention_count,
        list(distinct resolution order by resolution) as resolved_by,
        min(confidence) as min_confidence
    from mentions
    group by author_id

),

author_papers as (

    -- by paper: an author listed twice on one paper counts it once
    select
        author_id,
        count(*) as paper_count,
        min(paper_date) as first_paper_date,
        max(paper_date) as last_paper_date,
        cast(coalesce(sum(upvotes), 0) as bigint) as total_upvotes
    from (select distinct author_id, paper_id, paper_date, upvotes from mentions)
    group by author_id

),

final as (

    select
        display_names.author_id,
        display_names.display_name,
        display_names.normalized_name,
        evidence.hf_user,
        evidence.hf_user is not null as is_linked,
        author_papers.paper_count,
        author_papers.first_paper_date,
        author_papers.last_paper_date,
        author_papers.total_upvotes,
        evidence.mention_count,
        evidence.resolved_by,
        evidence.min_confidence
    from display_names
    inner join evidence on display_names.author_id = evidence.author_id
    inner join author_papers on display_names.author_id = author_papers.author_id

)

select * from final
