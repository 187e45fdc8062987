-- Question: how did one topic develop week by week?
-- Tables: marts.fct_topic_trends, marts.dim_topics
-- Parameters: topic_name (as in dim_topics.topic_name, case-insensitive)
-- Result: one row per week the topic had papers: week_start, iso_week, papers, upvotes, paper_share,
--   attention_share, growth_vs_prev_4w
set variable topic_name = 'Mixture of experts';

select
    trends.week_start,
    trends.iso_week,
    trends.papers,
    trends.upvotes,
    trends.paper_share,
    trends.attention_share,
    trends.growth_vs_prev_4w
from marts.fct_topic_trends as trends
join marts.dim_topics as topics using (topic_id)
where lower(topics.topic_name) = lower(getvariable('topic_name'))
order by trends.week_start;
