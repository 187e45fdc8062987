"""How dbt nodes appear in Dagster: keys `<schema>/<model>`, sources as the raw assets, groups by layer,
and a freshness policy on the marts."""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtProject

KINDS = {"dbt", "duckdb"}
# The daily run starts at 06:00 UTC and takes minutes: two hours of slack past a day before the marts (and
# the published copy, which follows them) show as stale in the UI.
MARTS_FRESHNESS = dg.FreshnessPolicy.time_window(fail_window=timedelta(hours=26))


def node_key(props: Mapping[str, Any]) -> dg.AssetKey:
    """`raw/<table>` for a source, else `<schema>/<name>` (staging, intermediate, marts, seeds)."""
    if props["resource_type"] == "source":
        return dg.AssetKey([props["schema"], props["name"]])
    return dg.AssetKey([props["config"].get("schema") or props["schema"], props["name"]])


class WarehouseTranslator(DagsterDbtTranslator):
    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props["resource_type"] == "source":
            return spec.replace_attributes(key=node_key(props))
        layer = node_key(props).path[0]
        spec = spec.replace_attributes(key=node_key(props), group_name=f"warehouse_{layer}", kinds=KINDS)
        return spec.replace_attributes(freshness_policy=MARTS_FRESHNESS) if layer == "marts" else spec
