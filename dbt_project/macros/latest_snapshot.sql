{#-
  The one rule for "the latest snapshot of a paper" (DESIGN §4), used by every model that picks one: the
  later listing date first (a watchlist search, which has none, after every listing), then the later fetch,
  then the item's content as a stable tie-break. So the warehouse never depends on the order in which
  requests finished or were landed.
-#}
{% macro latest_snapshot_first(listing_date='listing_date') -%}
    {{ listing_date }} desc nulls last, fetched_at desc, item_hash
{%- endmacro %}
