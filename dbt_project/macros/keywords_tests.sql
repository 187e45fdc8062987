{#- Generic data tests of the keyword, topic and trend models (dbt packages cannot be installed here). -#}

{#- Scores are in (0, 1]. -#}
{% test score_in_unit_interval(model, column_name) %}

select * from {{ model }}
where not ({{ column_name }} > 0 and {{ column_name }} <= 1)

{% endtest %}

{#- Within each group holding any `weight_column` > 0, `column_name` sums to 1 (float tolerance). -#}
{% test shares_sum_to_one(model, column_name, group_by, weight_column) %}

with

groups as (

    select {{ group_by | join(', ') }}, sum({{ column_name }}) as total
    from {{ model }}
    group by {{ group_by | join(', ') }}
    having sum({{ weight_column }}) > 0

)

select * from groups where abs(total - 1) > 1e-9

{% endtest %}

{#- Every row satisfies a boolean SQL expression. -#}
{% test holds_for_all_rows(model, expression, column_name=none) %}

select * from {{ model }}
where not coalesce({{ expression }}, false)

{% endtest %}
