-- Question: which data-quality expectations failed recently, and on what?
-- Tables: audit.validation_results
-- Parameters: since (timestamp; results checked at or after it)
-- Result: one row per failed expectation: checked_at, asset_key, partition_key, suite, expectation,
--   column_name, observed_value, unexpected_count
set variable since = timestamp '2000-01-01';

select checked_at, asset_key, partition_key, suite, expectation, column_name, observed_value, unexpected_count
from audit.validation_results
where not success
  and checked_at >= getvariable('since')
order by checked_at desc, asset_key, expectation;
