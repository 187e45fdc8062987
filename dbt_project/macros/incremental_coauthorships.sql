{#-
  fct_coauthorships, incremental by author: a run recounts every pair of an author listed on a changed paper
  (macros/incremental_papers.sql), over all their papers, and the pre-hook deletes those pairs first. A pair
  whose two authors were both dropped from a re-listed paper's author list is not recounted (neither is on
  a changed paper any more): rare, and a --full-refresh recounts it.
-#}

{% macro authors_of_changed_papers() -%}
    select distinct author_id from {{ ref('bridge_paper_authors') }} where {{ paper_changed() }}
{%- endmacro %}

{% macro delete_changed_coauthorships() -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where author_id_a in ({{ authors_of_changed_papers() }})
        or author_id_b in ({{ authors_of_changed_papers() }})
    {%- endif -%}
{%- endmacro %}
