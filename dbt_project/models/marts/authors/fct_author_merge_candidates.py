"""Pairs of resolved authors that may be one person, for a reviewer (enrichment/author_candidates.py).

Only pairs the resolver kept apart and for which there is evidence either way (shared co-authors, the same
HF organisation, shared topic words): two authors of one name, a name listed twice on one paper, or name
variants sharing a co-author. Sorted for review, most likely first. A table rebuilt every run.
"""

from enrichment.authors import author_merge_candidates

MENTIONS = """
select
    paper_id, author_position, name_as_listed, normalized_name, linked_user as hf_user,
    linked_fullname as hf_fullname, paper_date, organization_name as organization, title,
    ai_keywords as keywords
from mentions
"""


def model(dbt, session):
    dbt.config(materialized="table")
    mentions = dbt.ref("int_author_mentions").query("mentions", MENTIONS).pl()
    resolved = dbt.ref("int_author_resolution").pl()
    return author_merge_candidates(mentions, resolved).with_row_index("review_rank", offset=1)
