-- Question: which topics grew the most this month compared with the month before?
-- Tables: marts.fct_topic_trends, marts.dim_topics
-- Parameters: month_start (first day of "this month"); weeks belong to the month their Monday falls in
-- Result: one row per topic with papers in either month: topic_id, topic_name, papers_this_month,
--   papers_last_month, change, growth (papers_this_month / papers_last_month - 1; null if last month had none)
set variable month_start = date '2025-08-01';

with weekly as (
    select topic_id, week_start, papers
    from marts.fct_topic_trends
    where week_start >= getvariable('month_start') - interval 1 month
      and week_start < getvariable('month_start') + interval 1 month
),

monthly as (
    select
        topic_id,
        sum(papers) filter (where week_start >= getvariable('month_start')) as papers_this_month,
        sum(papers) filter (where week_start < getvariable('month_start')) as papers_last_month
    from weekly
    group by topic_id
)

select
    monthly.topic_id,
    topics.topic_name,
    coalesce(monthly.papers_this_month, 0) as papers_this_month,
    coalesce(monthly.papers_last_month, 0) as papers_last_month,
    coalesce(monthly.papers_this_month, 0) - coalesce(monthly.papers_last_month, 0) as change,
    monthly.papers_this_month / nullif(monthly.papers_last_month, 0) - 1 as growth
from monthly
join marts.dim_topics as topics using (topic_id)
order by change desc, papers_this_month desc, topics.topic_name;
