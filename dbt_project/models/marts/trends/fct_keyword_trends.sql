{#-
  One row per ISO week x keyword, for the weeks a keyword has papers in. attention_share splits each paper
  evenly over its keywords, so a week's shares sum to 1; growth_vs_prev_4w compares the week's papers with
  the mean of the 4 calendar weeks before it (a week without the keyword counts as 0), null before the
  warehouse has 4 weeks of history or when that mean is 0.
-#}
with

paper_weeks as (

    select * from {{ ref('int_paper_weeks') }}

),

paper_keywords as (

    select paper_id, keyword_id from {{ ref('bridge_paper_keywords') }}

),

weeks as (

    select week_start, count(*) as week_papers
    from paper_weeks
    group by week_start

),

tagged as (

    select
        paper_weeks.week_start,
        paper_keywords.paper_id,
        paper_keywords.keyword_id,
        paper_weeks.upvotes,
        1.0 / count(*) over (partition by paper_keywords.paper_id) as attention
    from paper_keywords
    inner join paper_weeks on paper_keywords.paper_id = paper_weeks.paper_id

),

week_tagged as (

    select week_start, count(distinct paper_id) as week_tagged_papers
    from tagged
    group by week_start

),

weekly as (

    select week_start, keyword_id, count(*) as papers, sum(upvotes) as upvotes, sum(attention) as attention
    from tagged
    group by week_start, keyword_id

),

history as (

    -- a sparse table: the weeks before without the keyword have no row, and count as 0 in the sum
    select
        *,
        sum(papers) over (
            partition by keyword_id
            order by week_start
            range between interval 28 days preceding and interval 7 days preceding
        ) as prev_4w_papers
    from weekly

),

final as (

    select
        history.week_start,
        {{ iso_week_label('history.week_start') }} as iso_week,
        history.keyword_id,
        cast(history.papers as bigint) as papers,
        cast(history.upvotes as bigint) as upvotes,
        weeks.week_papers,
        history.papers / weeks.week_papers as paper_share,
        -- rounded: a sum of 1/n doubles differs in its last bits with summation order, build to build
        round(coalesce(history.attention / week_tagged.week_tagged_papers, 0.0), 12) as attention_share,
        case
            when history.week_start - 28 >= (select min(week_start) from weeks)
            then cast(coalesce(history.prev_4w_papers, 0) as bigint)
        end as prev_4w_papers,
        case
            when history.week_start - 28 >= (select min(week_start) from weeks)
                and coalesce(history.prev_4w_papers, 0) > 0
            then history.papers / (history.prev_4w_papers / 4.0) - 1
        end as growth_vs_prev_4w,
        -- growth above a minimum count: 2 papers after 0.25 a week is not 700% growth worth showing
        coalesce(
            history.week_start - 28 >= (select min(week_start) from weeks)
                and history.papers > history.prev_4w_papers / 4.0
                and history.papers >= {{ var('rising_min_papers') }}
                and history.prev_4w_papers >= {{ var('rising_min_prev_4w_papers') }},
            false
        ) as is_rising
    from history
    inner join weeks on history.week_start = weeks.week_start
    left join week_tagged on history.week_start = week_tagged.week_start

)

select * from final
