{#-
  Typed fields of one Daily Papers / search item, across every schema era of the API
  (the arXiv id comes from the raw table's paper_id column, extracted at ingestion)
  (see docs/contract.md and hf_api_reference.md). Every field but the id and the title is optional, and
  nothing relies on types being right: numbers and timestamps go through try_cast.
  The warehouse shows paper.title (item.title where paper.title is missing) with whitespace collapsed.
-#}
{% macro hf_item_fields(item) -%}
    {{ collapse_whitespace("coalesce(" ~ json_text(item, '$.paper.title') ~ ", " ~ json_text(item, '$.title') ~ ")") }} as title,
    {{ collapse_whitespace("coalesce(" ~ json_text(item, '$.paper.summary') ~ ", " ~ json_text(item, '$.summary') ~ ")") }} as abstract,
    {{ json_timestamp(item, '$.paper.publishedAt') }} as published_at,
    {{ json_timestamp(item, '$.publishedAt') }} as item_published_at,
    {{ json_timestamp(item, '$.paper.submittedOnDailyAt') }} as submitted_on_daily_at,
    {{ json_bigint(item, '$.paper.upvotes') }} as upvotes,
    {{ json_bigint(item, '$.numComments') }} as num_comments,
    coalesce(
        {{ json_text(item, '$.submittedBy.name') }},
        {{ json_text(item, '$.paper.submittedOnDailyBy.user') }}
    ) as submitted_by,
    {{ json_text_list(item, '$.paper.ai_keywords') }} as ai_keywords,
    {{ json_text(item, '$.paper.ai_summary') }} as ai_summary,
    {{ json_text(item, '$.paper.githubRepo') }} as github_repo,
    {{ json_bigint(item, '$.paper.githubStars') }} as github_stars,
    {{ json_text(item, '$.paper.projectPage') }} as project_page,
    coalesce(
        {{ json_text(item, '$.paper.organization.name') }},
        {{ json_text(item, '$.organization.name') }},
        {{ json_text(item, '$.submitterOrganization.name') }}
    ) as organization_name,
    coalesce(
        {{ json_text(item, '$.paper.organization.fullname') }},
        {{ json_text(item, '$.organization.fullname') }},
        {{ json_text(item, '$.submitterOrganization.fullname') }}
    ) as organization_fullname,
    {{ json_timestamp(item, '$.paper.withdrawnAt') }} as withdrawn_at,
    -- set (any non-null, non-false value, even one that is not a timestamp) means withdrawn
    coalesce(
        json_type({{ item }}, '$.paper.withdrawnAt') not in ('NULL')
        and {{ json_text(item, '$.paper.withdrawnAt') }} is distinct from 'false',
        false
    ) as is_withdrawn,
    coalesce({{ json_text(item, '$.thumbnail') }}, {{ json_text(item, '$.mediaUrl') }}) as thumbnail_url,
    {{ json_text(item, '$.paper.discussionId') }} as discussion_id,
    {{ json_array(item, '$.paper.authors') }} as authors
{%- endmacro %}
