{#-
  True when `relation` exists in the warehouse: a raw table that its ingestion creates on first write may
  not be there yet (a warehouse built before the ingestion existed). Unit tests, which read fixtures instead,
  override it to true.
-#}
{% macro source_landed(relation) -%}
    {{ return(not execute or load_relation(relation) is not none) }}
{%- endmacro %}
