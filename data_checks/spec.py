"""What a suite is: the frame GX validates (DuckDB SQL) plus the expectations it must meet.

GX has no DuckDB engine and DuckDB through SQLAlchemy is reported broken in GX 1.x, so every suite reads
its batch with DuckDB into a pandas frame and validates that frame. Raw suites read row-level frames of the
partitions being checked (tens of rows a day). Mart suites read one-row frames of violation counts computed
by DuckDB over the whole table (`count(*) - count(distinct key)`, anti-joins for orphans): the warehouse may
hold millions of bridge rows, and shipping them to pandas would cost seconds and gigabytes where DuckDB needs
milliseconds. Each count comes with a sample query that lists a few offending rows for the check metadata.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

ERROR = "error"
WARN = "warn"
# Expectations carry their severity in `meta`; an expectation without it blocks (ERROR).
WARN_META = MappingProxyType({"severity": WARN})


@dataclass(frozen=True)
class SuiteSpec:
    """One GX suite: the table it validates, how its batch is read, and what it must meet."""

    name: str  # the validated table, also the GX suite name
    asset_key: str  # the Dagster asset the check belongs to, "raw/hf_daily_papers"
    batch_sql: str  # DuckDB SQL building the frame; `$start`/`$end` bound the partition window if windowed
    expectations: Callable[[], list[Any]]  # builds the GX expectations; imports GX only when called
    samples: Mapping[str, str] = field(
        default_factory=dict
    )  # metric column -> SQL listing a few offending rows
    windowed: bool = False  # batch_sql reads only the partitions being checked
    index_columns: tuple[str, ...] = ()  # row-level frames: columns naming an offending row
    reads: tuple[str, ...] = ()  # other assets batch_sql reads: the check runs after them

    @property
    def check_name(self) -> str:
        return "gx_" + self.name.split(".", 1)[1]


def none_of(column: str, description: str, severity: str = ERROR) -> Any:
    """Expect a violation count computed in the batch SQL to be zero; the observed value is the count."""
    import great_expectations as gx

    return gx.expectations.ExpectColumnMaxToBeBetween(
        column=column, min_value=0, max_value=0, description=description, meta={"severity": severity}
    )


def at_least(column: str, minimum: float, description: str, severity: str = WARN) -> Any:
    """Expect a ratio or count computed in the batch SQL to reach a floor."""
    import great_expectations as gx

    return gx.expectations.ExpectColumnMinToBeBetween(
        column=column, min_value=minimum, description=description, meta={"severity": severity}
    )
