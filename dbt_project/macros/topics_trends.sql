{#-
  Weekly trends of a paper x entity bridge (fct_topic_trends, fct_keyword_trends). A paper's week is the
  ISO week (Monday start) of its paper_date. The ISO-week functions are DuckDB's and live only here.
-#}

{% macro iso_week_start(date_expr) -%}
    cast(date_trunc('week', {{ date_expr }}) as date)
{%- endmacro %}

{% macro iso_week_label(date_expr) -%}
    strftime({{ date_expr }}, '%G-W%V')
{%- endmacro %}

{#-
  One row per week x entity with papers, upvotes, week_papers, paper_share, attention_share and
  growth_vs_prev_4w.
  - weeks: every ISO week holding at least one paper (of any topic or none);
  - dense_entities: a relation with an `entity_id`-named column; when given, every entity gets a row in
    every week (zeros included, so charts have no gaps); otherwise only week x entity pairs with papers;
  - paper_share: papers / all papers of the week (papers without any entity count in the denominator);
  - attention_share: each paper counts 1 / (its number of entities), over papers that have any, so the
    shares of a week sum to 1;
  - growth_vs_prev_4w: papers / (papers of the 4 preceding calendar weeks / 4) - 1. A week without papers
    counts as 0 in that mean. Null when the 4 preceding weeks are not all inside the warehouse's history
    (before its first week) or when their mean is 0.
  Incremental by week: the pre-hook (delete_trend_weeks) deletes the weeks a run may change, and the model
  builds every week the table lacks.
-#}
{% macro weekly_trends(bridge_relation, entity_column, dense_entities=none) -%}

with

bridge as (

    select paper_id, {{ entity_column }} as entity_id from {{ bridge_relation }}

),

papers as not materialized (

    -- not materialized: DuckDB copies a CTE read more than once, which also stops filters reaching the scan
    {{ trend_papers() }}

),

weeks as (

    select week_start, count(*) as week_papers
    from papers
    group by week_start

),

build_weeks as (

    -- every week on a full build; else the weeks the pre-hook deleted, and new ones
    select week_start from weeks
    {% if is_incremental() %}
    where week_start not in (select week_start from {{ this }})
    {% endif %}

),

context_weeks as (

    -- the weeks built and the 4 before each, which their growth reads
    select distinct build_weeks.week_start - cast(7 * offsets.k as integer) as week_start
    from build_weeks
    cross join range(5) as offsets(k)

),

tagged as (

    select
        papers.week_start,
        bridge.paper_id,
        bridge.entity_id,
        papers.upvotes,
        1.0 / count(*) over (partition by bridge.paper_id) as attention
    from bridge
    inner join papers on bridge.paper_id = papers.paper_id
    where papers.week_start in (select week_start from context_weeks)

),

week_tagged as (

    select week_start, count(distinct paper_id) as week_tagged_papers
    from tagged
    group by week_start

),

observed as (

    select week_start, entity_id, count(*) as papers, sum(upvotes) as upvotes, sum(attention) as attention
    from tagged
    group by week_start, entity_id

),

{% if dense_entities is not none %}
weekly as (

    select
        weeks.week_start,
        entities.entity_id,
        coalesce(observed.papers, 0) as papers,
        coalesce(observed.upvotes, 0) as upvotes,
        coalesce(observed.attention, 0) as attention
    from weeks
    cross join (select {{ entity_column }} as entity_id from {{ dense_entities }}) as entities
    left join observed
        on weeks.week_start = observed.week_start
        and entities.entity_id = observed.entity_id
    where weeks.week_start in (select week_start from context_weeks)

),
{% else %}
weekly as (

    select * from observed

),
{% endif %}

history as (

    select
        weekly.*,
        sum(weekly.papers) over (
            partition by weekly.entity_id
            order by weekly.week_start
            range between interval 28 days preceding and interval 7 days preceding
        ) as prev_4w_papers
    from weekly

),

final as (

    select
        history.week_start,
        {{ iso_week_label('history.week_start') }} as iso_week,
        history.entity_id as {{ entity_column }},
        cast(history.papers as bigint) as papers,
        cast(history.upvotes as bigint) as upvotes,
        weeks.week_papers,
        history.papers / weeks.week_papers as paper_share,
        -- rounded: a sum of 1/n doubles differs in its last bits with summation order, build to build
        round(coalesce(history.attention / week_tagged.week_tagged_papers, 0.0), 12) as attention_share,
        case
            when history.week_start - 28 >= (select min(week_start) from weeks)
                and coalesce(history.prev_4w_papers, 0) > 0
            then history.papers / (history.prev_4w_papers / 4.0) - 1
        end as growth_vs_prev_4w
    from history
    inner join weeks on history.week_start = weeks.week_start
    left join week_tagged on history.week_start = week_tagged.week_start
    where history.week_start in (select week_start from build_weeks)

)

select * from final

{%- endmacro %}

{#- Every paper with a date, by ISO week. -#}
{% macro trend_papers() -%}
    select paper_id, {{ iso_week_start('paper_date') }} as week_start, coalesce(upvotes, 0) as upvotes
    from {{ ref('int_papers') }}
    where paper_date is not null
{%- endmacro %}

{#-
  The pre-hook of a trend table: deletes the weeks a run may change. A changed paper changes its week and
  the 4 after it (their growth); a paper that moved to another week changes its old week's paper total
  (week_papers, stored per row), and so does a week that lost every paper (dropped); a new first week
  gives growth to the 4 weeks after the old first week.
-#}
{% macro delete_trend_weeks(with_taxonomy=false) -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where week_start in (
        with
        papers as ({{ trend_papers() }}),
        weeks as (select week_start, count(*) as week_papers from papers group by week_start),
        stored as (select distinct week_start, week_papers from {{ this }}),
        changed as (
            select week_start from papers where {{ paper_changed(with_taxonomy=with_taxonomy) }}
            union
            select week_start from (select * from weeks anti join stored using (week_start, week_papers))
            union
            select min(week_start) from stored
            having min(week_start) > (select min(week_start) from weeks)
        )
        select changed.week_start + cast(7 * offsets.k as integer) from changed cross join range(5) as offsets(k)
        union
        select week_start from (select week_start from stored anti join weeks using (week_start))
    )
    {%- endif -%}
{%- endmacro %}
