-- Every paper with a date, by ISO week (Monday start) of its paper_date: the rows the weekly trends count.
with

papers as (

    select paper_id, paper_date, upvotes from {{ ref('int_papers') }}

),

final as (

    select
        paper_id,
        {{ iso_week_start('paper_date') }} as week_start,
        coalesce(upvotes, 0) as upvotes
    from papers
    where paper_date is not null

)

select * from final
