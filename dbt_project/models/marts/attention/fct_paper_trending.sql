{#-
  One row per listed paper: its upvotes over time read off fct_paper_engagement, as of the warehouse's
  newest fetch (not the wall clock, so a rebuild of the same data gives the same table). A table rebuilt on
  every run: it reads one narrow row per paper and fetch.

  The value "at" a time or an age is the last one fetched at or before it, whichever listing day the fetch
  was of (a paper listed twice is one series); ties on the fetch clock go to the later listing day.
  trending_score is Hacker News' gravity on the last 7 days' gains:
      greatest(upvotes_gained_7d, 0) / (age_hours + 2) ^ 1.8
  with age_hours from the paper's first listing day (midnight UTC) to the newest fetch, rounded to 9
  decimals so a rebuild compares equal.
-#}
with

engagement as (

    select paper_id, listing_date, ingestion_id, fetched_at, upvotes from {{ ref('fct_paper_engagement') }}

),

clock as (

    select max(fetched_at) as as_of from engagement

),

papers as (

    select
        paper_id,
        min(listing_date) as first_listed_date,
        count(*) as fetches,
        max(fetched_at) as last_fetched_at
    from engagement
    group by paper_id

),

observations as (

    select
        engagement.paper_id,
        engagement.fetched_at,
        engagement.upvotes,
        -- the fetch clock first; the later listing day, then the ingestion, break its ties
        {
            'fetched_at': engagement.fetched_at,
            'listing_date': engagement.listing_date,
            'ingestion_id': engagement.ingestion_id
        } as clock_order,
        date_diff('day', papers.first_listed_date, {{ utc_date('engagement.fetched_at') }}) as age_days
    from engagement
    inner join papers on engagement.paper_id = papers.paper_id
    where engagement.upvotes is not null

),

values_at as (

    select
        observations.paper_id,
        arg_max(observations.upvotes, observations.clock_order) as upvotes,
        arg_max(observations.upvotes, observations.clock_order)
            filter (where observations.fetched_at <= clock.as_of - interval 1 day) as upvotes_1d_before,
        arg_max(observations.upvotes, observations.clock_order)
            filter (where observations.fetched_at <= clock.as_of - interval 7 day) as upvotes_7d_before,
        arg_max(observations.upvotes, observations.clock_order)
            filter (where observations.age_days <= 1) as upvotes_by_day_1,
        arg_max(observations.upvotes, observations.clock_order)
            filter (where observations.age_days <= 3) as upvotes_by_day_3,
        arg_max(observations.upvotes, observations.clock_order)
            filter (where observations.age_days <= 7) as upvotes_by_day_7,
        arg_max(observations.upvotes, observations.clock_order)
            filter (where observations.age_days <= 14) as upvotes_by_day_14,
        arg_max(observations.upvotes, observations.clock_order)
            filter (where observations.age_days > 7) as upvotes_after_week
    from observations
    cross join clock
    group by observations.paper_id

),

aged as (

    select
        papers.*,
        clock.as_of,
        date_diff('day', papers.first_listed_date, {{ utc_date('clock.as_of') }}) as age_days,
        greatest(
            (epoch(clock.as_of) - epoch(cast(papers.first_listed_date as timestamp))) / 3600.0, 0
        ) as age_hours
    from papers
    cross join clock

),

measured as (

    select
        aged.paper_id,
        aged.first_listed_date,
        aged.as_of,
        aged.last_fetched_at,
        aged.fetches,
        aged.age_days,
        aged.age_hours,
        values_at.upvotes,
        -- before the window's start the last value fetched; a paper first listed inside the window
        -- started from 0; any other paper without a fetch that early has no known gain
        values_at.upvotes - coalesce(
            values_at.upvotes_1d_before,
            case when aged.first_listed_date >= {{ utc_date("aged.as_of - interval 1 day") }} then 0 end
        ) as upvotes_gained_1d,
        values_at.upvotes - coalesce(
            values_at.upvotes_7d_before,
            case when aged.first_listed_date >= {{ utc_date("aged.as_of - interval 7 day") }} then 0 end
        ) as upvotes_gained_7d,
        case when aged.age_days >= 1 then values_at.upvotes_by_day_1 end as upvotes_at_1d,
        case when aged.age_days >= 3 then values_at.upvotes_by_day_3 end as upvotes_at_3d,
        case when aged.age_days >= 7 then values_at.upvotes_by_day_7 end as upvotes_at_7d,
        case when aged.age_days >= 14 then values_at.upvotes_by_day_14 end as upvotes_at_14d,
        values_at.upvotes_after_week - values_at.upvotes_by_day_7 as upvotes_gained_after_week,
        -- a fetch more than 7 days after listing holds at least 10% (and one) more than day 7's value
        values_at.upvotes_after_week > values_at.upvotes_by_day_7
            and values_at.upvotes_after_week >= 1.1 * values_at.upvotes_by_day_7 as is_rising_after_week
    from aged
    left join values_at on aged.paper_id = values_at.paper_id

),

scored as (

    select
        *,
        round(greatest(coalesce(upvotes_gained_7d, 0), 0) / power(age_hours + 2, 1.8), 9) as trending_score
    from measured

),

final as (

    select
        *,
        cast(row_number() over (
            order by trending_score desc, upvotes desc nulls last, paper_id
        ) as integer) as trending_rank
    from scored

)

select * from final
