-- One HF account linked to two or more entries of one paper: which entry kept the link, which lost it.
with

mentions as (

    select * from {{ ref('int_author_resolution') }}

),

dropped as (

    select paper_id, author_position, name_as_listed, dropped_hf_user as linked_user
    from mentions
    where link_conflict

),

kept as (

    select paper_id, hf_user, author_position as kept_position, name_as_listed as kept_name
    from mentions
    where hf_user is not null

),

final as (

    select
        dropped.paper_id,
        dropped.linked_user as hf_user,
        dropped.author_position,
        dropped.name_as_listed,
        kept.kept_position,
        kept.kept_name
    from dropped
    left join kept on dropped.paper_id = kept.paper_id and dropped.linked_user = kept.hf_user

)

select * from final
