-- One row per author entry with the person it was resolved to: int_author_blocks unnested.
with

blocks as (

    select block_key, unnest(mentions, recursive := true) from {{ ref('int_author_blocks') }}

),

mentions as (

    select paper_id, author_position, paper_date, upvotes, claim_status from {{ ref('int_author_mentions') }}

),

final as (

    select
        blocks.paper_id,
        cast(blocks.author_position as integer) as author_position,
        blocks.paper_id || '#' || blocks.author_position as mention_key,
        blocks.name_as_listed,
        blocks.normalized_name,
        blocks.block_key,
        blocks.hf_user,
        blocks.dropped_hf_user,
        blocks.link_conflict,
        mentions.claim_status,
        blocks.author_id,
        blocks.resolution,
        blocks.confidence,
        mentions.paper_date,
        mentions.upvotes
    from blocks
    inner join mentions
        on blocks.paper_id = mentions.paper_id and blocks.author_position = mentions.author_position

)

select * from final
