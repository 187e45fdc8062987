"""The GX file context root: validation results and Data Docs live there across runs."""

import dagster as dg

from orchestration.defs.common.resources import from_env
from orchestration.lib import settings


class GreatExpectationsResource(dg.ConfigurableResource):
    """Where the GX file context (suites, results, Data Docs) is kept; DPW_GX_ROOT, default data/gx."""

    root: str


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "great_expectations": GreatExpectationsResource(root=from_env("DPW_GX_ROOT", settings.gx_root()))
        }
    )
