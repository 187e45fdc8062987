{#-
  Typed fields of one Daily Papers / search item, across every schema era of the API
  (the arXiv id comes from the raw table's paper_id column, extracted at ingestion)
  (see docs/contract.md and hf_api_reference.md). Every field but the id and the title is optional, and
  nothing relies on types being right: numbers and timestamps go through try_cast.
  The warehouse shows paper.title (item.title where paper.title is missing) with whitespace collapsed.

  Two steps, so that each item is parsed once (json_parts, which says why): hf_item_parts(item) takes
  every path of hf_item_paths() out of the item, and hf_item_fields(parts) reads the fields from those
  small values.
-#}
{% macro hf_item_paths() -%}
    {{ return([
        '$.paper.title', '$.title', '$.paper.summary', '$.summary',
        '$.paper.publishedAt', '$.publishedAt', '$.paper.submittedOnDailyAt',
        '$.paper.upvotes', '$.numComments', '$.submittedBy.name', '$.paper.submittedOnDailyBy.user',
        '$.paper.ai_keywords', '$.paper.ai_summary', '$.paper.githubRepo', '$.paper.githubStars',
        '$.paper.projectPage', '$.paper.organization.name', '$.organization.name',
        '$.submitterOrganization.name', '$.paper.organization.fullname', '$.organization.fullname',
        '$.submitterOrganization.fullname', '$.paper.withdrawnAt', '$.thumbnail', '$.mediaUrl',
        '$.paper.discussionId', '$.paper.authors',
    ]) }}
{%- endmacro %}

{% macro hf_item_parts(item) -%}
    {{ json_parts(item, hf_item_paths()) }}
{%- endmacro %}

{% macro hf_part(parts, path) -%}
    {{ json_part(parts, hf_item_paths(), path) }}
{%- endmacro %}

{% macro hf_item_fields(parts) -%}
    {{ collapse_whitespace("coalesce(" ~ json_text(hf_part(parts, '$.paper.title'), '$') ~ ", " ~ json_text(hf_part(parts, '$.title'), '$') ~ ")") }} as title,
    {{ collapse_whitespace("coalesce(" ~ json_text(hf_part(parts, '$.paper.summary'), '$') ~ ", " ~ json_text(hf_part(parts, '$.summary'), '$') ~ ")") }} as abstract,
    {{ json_timestamp(hf_part(parts, '$.paper.publishedAt'), '$') }} as published_at,
    {{ json_timestamp(hf_part(parts, '$.publishedAt'), '$') }} as item_published_at,
    {{ json_timestamp(hf_part(parts, '$.paper.submittedOnDailyAt'), '$') }} as submitted_on_daily_at,
    {{ json_bigint(hf_part(parts, '$.paper.upvotes'), '$') }} as upvotes,
    {{ json_bigint(hf_part(parts, '$.numComments'), '$') }} as num_comments,
    coalesce(
        {{ json_text(hf_part(parts, '$.submittedBy.name'), '$') }},
        {{ json_text(hf_part(parts, '$.paper.submittedOnDailyBy.user'), '$') }}
    ) as submitted_by,
    {{ json_text_list(hf_part(parts, '$.paper.ai_keywords'), '$') }} as ai_keywords,
    {{ json_text(hf_part(parts, '$.paper.ai_summary'), '$') }} as ai_summary,
    {{ json_text(hf_part(parts, '$.paper.githubRepo'), '$') }} as github_repo,
    {{ json_bigint(hf_part(parts, '$.paper.githubStars'), '$') }} as github_stars,
    {{ json_text(hf_part(parts, '$.paper.projectPage'), '$') }} as project_page,
    coalesce(
        {{ json_text(hf_part(parts, '$.paper.organization.name'), '$') }},
        {{ json_text(hf_part(parts, '$.organization.name'), '$') }},
        {{ json_text(hf_part(parts, '$.submitterOrganization.name'), '$') }}
    ) as organization_name,
    coalesce(
        {{ json_text(hf_part(parts, '$.paper.organization.fullname'), '$') }},
        {{ json_text(hf_part(parts, '$.organization.fullname'), '$') }},
        {{ json_text(hf_part(parts, '$.submitterOrganization.fullname'), '$') }}
    ) as organization_fullname,
    {{ json_timestamp(hf_part(parts, '$.paper.withdrawnAt'), '$') }} as withdrawn_at,
    -- set (any non-null, non-false value, even one that is not a timestamp) means withdrawn
    coalesce(
        json_type({{ hf_part(parts, '$.paper.withdrawnAt') }}) not in ('NULL')
        and {{ json_text(hf_part(parts, '$.paper.withdrawnAt'), '$') }} is distinct from 'false',
        false
    ) as is_withdrawn,
    coalesce({{ json_text(hf_part(parts, '$.thumbnail'), '$') }}, {{ json_text(hf_part(parts, '$.mediaUrl'), '$') }}) as thumbnail_url,
    {{ json_text(hf_part(parts, '$.paper.discussionId'), '$') }} as discussion_id,
    {{ json_array(hf_part(parts, '$.paper.authors'), '$') }} as authors
{%- endmacro %}
