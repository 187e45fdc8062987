"""How dbt nodes appear in Dagster: keys `<schema>/<model>`, sources as the raw assets, groups by layer."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtProject

KINDS = {"dbt", "duckdb"}


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
        return spec.replace_attributes(key=node_key(props), group_name=f"warehouse_{layer}", kinds=KINDS)
