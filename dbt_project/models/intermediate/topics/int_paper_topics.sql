{#-
  Incremental: matching 86 regexes against every abstract is the costliest step of a large build, so a run
  re-matches only the changed papers (macros/incremental_papers.sql), unless the taxonomy changed, which
  re-matches everything (its hash is kept with the model's watermark).
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        tags=['incremental_by_paper'],
        on_schema_change='fail',
        pre_hook="{{ delete_changed_papers(with_taxonomy=true) }}",
        post_hook="{{ record_watermark(with_taxonomy=true) }}",
    )
}}

{#- How strongly each kind of evidence puts a paper in a topic (see seeds/topics.yml). -#}
{%- set title_score = 1.0 -%}
{%- set keyword_score = 0.8 -%}
{%- set watchlist_score = 1.0 -%}

with

papers as (

    select paper_id, title, abstract
    from {{ ref('int_papers') }}
    where {{ paper_changed(with_taxonomy=true) }}

),

keywords as (

    select paper_id, keyword from {{ ref('int_paper_keywords') }}

),

topics as (

    select * from {{ ref('int_topics') }}

),

searches as (

    select distinct watchlist, paper_id from {{ ref('stg_hf__search_listings') }}

),

keyword_text as (

    -- one string per paper so a topic's regex is run once; ' ; ' keeps phrases from running together
    select paper_id, string_agg(keyword, ' ; ' order by keyword) as keywords
    from keywords
    where paper_id in (select paper_id from papers)
    group by paper_id

),

documents as (

    select
        papers.paper_id,
        papers.title,
        coalesce(papers.abstract, '') as abstract,
        coalesce(keyword_text.keywords, '') as keywords
    from papers
    left join keyword_text on papers.paper_id = keyword_text.paper_id

),

rule_checks as (

    {% for topic_id, include_regex, exclude_regex, min_abstract_hits in topics_rules(ref('int_topics')) %}
    select
        paper_id,
        {{ topics_sql_string(topic_id) }} as topic_id,
        {{ min_abstract_hits }} as min_abstract_hits,
        {{ topics_matches('title', topics_sql_string(include_regex)) }} as in_title,
        {{ topics_matches('keywords', topics_sql_string(include_regex)) }} as in_keywords,
        {{ topics_match_count('abstract', topics_sql_string(include_regex)) }} as abstract_hits,
        {% if exclude_regex -%}
        {{ topics_matches('title', topics_sql_string(exclude_regex)) }}
            or {{ topics_matches('abstract', topics_sql_string(exclude_regex)) }}
        {%- else -%}
        false
        {%- endif %} as is_excluded
    from documents
    union all
    {% endfor %}
    -- typed empty branch: closes the union, and is the whole relation while dbt parses
    select
        paper_id, null as topic_id, 0 as min_abstract_hits, false as in_title, false as in_keywords,
        0 as abstract_hits, true as is_excluded
    from documents
    where false

),

rule_evidence as (

    select paper_id, topic_id, {{ title_score }} as score, 'rule:title' as method, 1 as priority
    from rule_checks
    where in_title and not is_excluded

    union all

    select paper_id, topic_id, {{ keyword_score }} as score, 'rule:keyword' as method, 2 as priority
    from rule_checks
    where in_keywords and not is_excluded

    union all

    select paper_id, topic_id, abstract_hits / (abstract_hits + 2.0) as score, 'rule:abstract' as method, 3 as priority
    from rule_checks
    where abstract_hits >= min_abstract_hits and not is_excluded

),

topic_watchlists as (

    select topic_id, unnest(watchlists) as watchlist from topics

),

watchlist_evidence as (

    select
        searches.paper_id,
        topic_watchlists.topic_id,
        {{ watchlist_score }} as score,
        'watchlist:' || searches.watchlist as method,
        4 as priority
    from searches
    inner join topic_watchlists on searches.watchlist = topic_watchlists.watchlist
    where searches.paper_id in (select paper_id from documents)

),

evidence as (

    select * from rule_evidence
    union all
    select * from watchlist_evidence

),

ranked as (

    -- the strongest evidence names the method; on a tie the title beats keywords, abstract and watchlist
    select
        *,
        row_number() over (partition by paper_id, topic_id order by score desc, priority, method) as strength
    from evidence

),

final as (

    select
        ranked.paper_id,
        ranked.topic_id,
        cast(ranked.score as double) as score,
        ranked.method
    from ranked
    where ranked.strength = 1

)

select * from final
