{#- A grain test: no two rows share the same values of `columns` (dbt_utils' test, without the package). -#}
{% test unique_combination_of_columns(model, columns) %}

with

grains as (

    select {{ columns | join(', ') }}, count(*) as n_rows
    from {{ model }}
    group by {{ columns | join(', ') }}

)

select * from grains where n_rows > 1

{% endtest %}
