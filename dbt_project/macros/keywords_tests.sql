{#- Generic data tests of the keyword, topic and trend models (dbt packages cannot be installed here). -#}

{#- Scores are in (0, 1]. -#}
{% test score_in_unit_interval(model, column_name) %}

select * from {{ model }}
where not ({{ column_name }} > 0 and {{ column_name }} <= 1)

{% endtest %}

{#- Within each group holding any `weight_column` > 0, `column_name` sums to 1. The shares are rounded to 12
    decimals (so that builds agree bit for bit), each off by up to 5e-13, and a week repeats the same few
    fractions thousands of times, so the errors add up rather than cancel: a group of n rows may be off by
    n * 5e-13 (10,000 rows, 5e-9, at a million papers) on top of the float sum's own 1e-9. -#}
{% test shares_sum_to_one(model, column_name, group_by, weight_column) %}

with

groups as (

    select {{ group_by | join(', ') }}, sum({{ column_name }}) as total, count(*) as n
    from {{ model }}
    group by {{ group_by | join(', ') }}
    having sum({{ weight_column }}) > 0

)

select * from groups where abs(total - 1) > 1e-9 + n * 5e-13

{% endtest %}

{#- Every row satisfies a boolean SQL expression. -#}
{% test holds_for_all_rows(model, expression, column_name=none) %}

select * from {{ model }}
where not coalesce({{ expression }}, false)

{% endtest %}
