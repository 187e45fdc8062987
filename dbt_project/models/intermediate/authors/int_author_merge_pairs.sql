{#- 0.95: measured on the sample, the 0.93-0.95 band is mostly distinct people whose given names differ by a
    syllable (Junjie/Jun Wang, Xiaokun/Xiaobin Wang); above it typos (Liang/Linag Pan) dominate. -#}
{%- set min_similarity = 0.95 -%}
{%- set max_block_size = 200 -%}

with

authors as (

    select * from {{ ref('dim_authors') }}

),

name_parts as (

    select
        author_id,
        display_name,
        normalized_name,
        is_linked,
        {{ first_word('normalized_name') }} as given_name,
        left({{ first_word('normalized_name') }}, 1) as given_initial,
        {{ last_word('normalized_name') }} as surname
    from authors
    where normalized_name is not null

),

same_given_name as (

    -- blocks: (surname, given name). Different ids here differ by middle names or by one being linked.
    select a.author_id as author_id_a, b.author_id as author_id_b
    from name_parts as a
    inner join name_parts as b
        on a.surname = b.surname and a.given_name = b.given_name and a.author_id < b.author_id

),

initial_only as (

    -- blocks: (surname, initial), only where one side gives just the initial ("j smith" / "john smith")
    select least(a.author_id, b.author_id) as author_id_a, greatest(a.author_id, b.author_id) as author_id_b
    from name_parts as a
    inner join name_parts as b
        on a.surname = b.surname and a.given_initial = b.given_initial and a.author_id <> b.author_id
    where length(a.given_name) = 1 and a.given_name <> a.surname

),

variant_blocks as (

    -- blocks: same given name and surname's first two letters ("given" block), or same surname and
    -- given name's first two letters ("surname" block)
    select
        *,
        given_name || '|' || left(surname, 2) as given_block,
        surname || '|' || left(given_name, 2) as surname_block
    from name_parts

),

-- a block of more than max_block_size names is a cluster of common names, where string similarity is
-- no evidence, and it would cost block_size^2 comparisons: such blocks are skipped
small_given_blocks as (

    select given_block from variant_blocks group by 1 having count(*) <= {{ max_block_size }}

),

small_surname_blocks as (

    select surname_block from variant_blocks group by 1 having count(*) <= {{ max_block_size }}

),

spelling_variants as (

    -- the similarity threshold is applied below
    select a.author_id as author_id_a, b.author_id as author_id_b
    from variant_blocks as a
    inner join variant_blocks as b on a.given_block = b.given_block and a.author_id < b.author_id
    where a.given_block in (select given_block from small_given_blocks)
    union
    select a.author_id as author_id_a, b.author_id as author_id_b
    from variant_blocks as a
    inner join variant_blocks as b on a.surname_block = b.surname_block and a.author_id < b.author_id
    where a.surname_block in (select surname_block from small_surname_blocks)

),

blocked_pairs as (

    select author_id_a, author_id_b, 'surname_initial' as reason from same_given_name
    union
    select author_id_a, author_id_b, 'surname_initial' as reason from initial_only
    union
    select author_id_a, author_id_b, 'jaro_winkler' as reason from spelling_variants

),

scored as (

    select
        pairs.author_id_a,
        pairs.author_id_b,
        a.display_name as name_a,
        b.display_name as name_b,
        -- a pair found by both rules keeps surname_initial (it sorts after jaro_winkler)
        max(pairs.reason) over (partition by pairs.author_id_a, pairs.author_id_b) as reason,
        {{ name_similarity('a.normalized_name', 'b.normalized_name') }} as similarity
    from blocked_pairs as pairs
    inner join name_parts as a on pairs.author_id_a = a.author_id
    inner join name_parts as b on pairs.author_id_b = b.author_id
    -- two linked HF accounts are two people: never a candidate
    where not (a.is_linked and b.is_linked)

),

final as (

    select distinct author_id_a, author_id_b, name_a, name_b, reason, round(similarity, 4) as similarity
    from scored
    where reason = 'surname_initial' or similarity >= {{ min_similarity }}

)

select * from final

