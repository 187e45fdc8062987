"""Great Expectations suites for the warehouse, in code.

`spec` says what a suite is, `suites/` holds one per validated table, `registry` lists them, `runner`
validates a suite with GX (file context, Data Docs) and `history` appends results to
audit.validation_results. The Dagster asset checks live in `orchestration/defs/quality/checks.py`.
"""
