-- Every time an author entry moved to another person, or left its paper's list: merges and splits over time.
with

assignments as (

    select * from {{ ref('author_assignments') }}

),

ordered as (

    select
        mention_key,
        paper_id,
        author_position,
        name_as_listed,
        author_id,
        resolution,
        dbt_valid_from,
        dbt_valid_to,
        lead(author_id) over (partition by mention_key order by dbt_valid_from) as next_author_id,
        lead(resolution) over (partition by mention_key order by dbt_valid_from) as next_resolution
    from assignments

),

final as (

    select
        dbt_valid_to as changed_at,
        paper_id,
        author_position,
        name_as_listed,
        author_id as author_id_before,
        next_author_id as author_id_after,
        resolution as resolution_before,
        next_resolution as resolution_after
    from ordered
    where dbt_valid_to is not null

)

select * from final
