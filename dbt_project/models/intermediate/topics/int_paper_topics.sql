{#-
  One row per paper with its topics as a list, so that a paper that lost every topic keeps an empty list.
  Incremental by paper (delete+insert on paper_id): matching the taxonomy's regexes against every abstract
  is the costliest step of a large build, so a run re-matches only the papers int_papers loaded since this
  model's newest loaded_at, and every paper when the taxonomy changed (each row keeps the taxonomy's hash).
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='paper_id',
        on_schema_change='fail',
    )
}}

{#- How strongly each kind of evidence puts a paper in a topic (see seeds/topics.yml). -#}
{%- set title_score = 1.0 -%}
{%- set keyword_score = 0.8 -%}
{%- set watchlist_score = 1.0 -%}

with

papers as (

    select paper_id, title, abstract, loaded_at
    from {{ ref('int_papers') }}
    {% if is_incremental() %}
    where loaded_at > (select coalesce(max(loaded_at), '-infinity'::timestamptz) from {{ this }})
        or (select any_value(taxonomy_hash) from {{ this }}) is distinct from {{ topics_taxonomy_hash() }}
    {% endif %}

),

keywords as (

    select paper_id, keyword.keyword
    from (select paper_id, unnest(keywords) as keyword from {{ ref('int_paper_keywords') }})

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

paper_topics as (

    select paper_id, topic_id, cast(score as double) as score, method
    from ranked
    where strength = 1

),

final as (

    select
        papers.paper_id,
        coalesce(
            list(
                struct_pack(topic_id := paper_topics.topic_id, score := paper_topics.score, method := paper_topics.method)
                order by paper_topics.topic_id
            ) filter (where paper_topics.topic_id is not null),
            []
        ) as topics,
        {{ topics_taxonomy_hash() }} as taxonomy_hash,
        any_value(papers.loaded_at) as loaded_at
    from papers
    left join paper_topics on papers.paper_id = paper_topics.paper_id
    group by papers.paper_id

)

select * from final
