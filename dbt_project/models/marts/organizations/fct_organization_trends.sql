{#-
  One row per ISO week x organisation, for every week holding papers from the organisation's first week on
  (zeros included, so charts have no gaps). growth_vs_prev_4w compares the week's papers with the mean of
  the 4 calendar weeks before it (a week without papers counts as 0), null before the warehouse has 4 weeks
  of history or when that mean is 0; is_rising asks for growth above a minimum count (vars rising_min_*).
-#}
with

paper_weeks as (

    select * from {{ ref('int_paper_weeks') }}

),

paper_orgs as (

    select paper_id, organization_name from {{ ref('int_paper_organizations') }}

),

weeks as (

    select week_start, count(*) as week_papers, sum(upvotes) as week_upvotes
    from paper_weeks
    group by week_start

),

tagged as (

    select paper_weeks.week_start, paper_orgs.organization_name, paper_weeks.upvotes
    from paper_orgs
    inner join paper_weeks on paper_orgs.paper_id = paper_weeks.paper_id

),

first_weeks as (

    select organization_name, min(week_start) as first_week from tagged group by organization_name

),

observed as (

    select week_start, organization_name, count(*) as papers, sum(upvotes) as upvotes
    from tagged
    group by week_start, organization_name

),

weekly as (

    select
        weeks.week_start,
        first_weeks.organization_name,
        coalesce(observed.papers, 0) as papers,
        coalesce(observed.upvotes, 0) as upvotes
    from first_weeks
    inner join weeks on weeks.week_start >= first_weeks.first_week
    left join observed
        on weeks.week_start = observed.week_start
        and first_weeks.organization_name = observed.organization_name

),

history as (

    select
        *,
        sum(papers) over (
            partition by organization_name
            order by week_start
            range between interval 28 days preceding and interval 7 days preceding
        ) as prev_papers
    from weekly

),

measured as (

    select
        history.week_start,
        {{ iso_week_label('history.week_start') }} as iso_week,
        history.organization_name,
        cast(history.papers as bigint) as papers,
        cast(history.upvotes as bigint) as upvotes,
        weeks.week_papers,
        history.papers / weeks.week_papers as paper_share,
        coalesce(history.upvotes / nullif(weeks.week_upvotes, 0), 0.0) as upvote_share,
        case
            when history.week_start - 28 >= (select min(week_start) from weeks)
            then cast(coalesce(history.prev_papers, 0) as bigint)
        end as prev_4w_papers
    from history
    inner join weeks on history.week_start = weeks.week_start

),

final as (

    select
        *,
        case when prev_4w_papers > 0 then papers / (prev_4w_papers / 4.0) - 1 end as growth_vs_prev_4w,
        coalesce(
            papers > prev_4w_papers / 4.0
                and papers >= {{ var('rising_min_papers') }}
                and prev_4w_papers >= {{ var('rising_min_prev_4w_papers') }},
            false
        ) as is_rising
    from measured

)

select * from final
