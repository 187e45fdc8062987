-- Which rule joined or split each author entry, for audit and review (published with the marts).
with

resolution as (

    select * from {{ ref('int_author_resolution') }}

),

final as (

    select
        paper_id,
        author_position,
        name_as_listed,
        block_key,
        author_id,
        resolution,
        confidence,
        hf_user,
        dropped_hf_user,
        link_conflict
    from resolution

)

select * from final
