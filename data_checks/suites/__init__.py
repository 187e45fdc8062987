"""GX suites, one per validated table, grouped by the part of the warehouse they cover."""
