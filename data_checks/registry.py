"""Every suite, by the Dagster asset its check belongs to. Importing this does not import GX."""

from data_checks.spec import SuiteSpec
from data_checks.suites import (
    marts_adoption,
    marts_attention,
    marts_authors,
    marts_keywords,
    marts_organizations,
    marts_papers,
    marts_topics,
    raw,
)

SUITES: tuple[SuiteSpec, ...] = (
    *raw.SUITES,
    *marts_papers.SUITES,
    *marts_authors.SUITES,
    *marts_topics.SUITES,
    *marts_keywords.SUITES,
    *marts_attention.SUITES,
    *marts_adoption.SUITES,
    *marts_organizations.SUITES,
)
SUITES_BY_NAME = {suite.name: suite for suite in SUITES}


def suites_for(asset_key: str) -> tuple[SuiteSpec, ...]:
    return tuple(suite for suite in SUITES if suite.asset_key == asset_key)
