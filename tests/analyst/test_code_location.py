"""The code location loads, in process and in the Dagster UI, with every asset and check of the contract.

The UI is started as the README says, `make dev`, from a shell where the venv is not activated: under
`dagster dev` the dbt project is reparsed at load, which is where a missing `dbt` on PATH used to leave the
UI empty.
"""

import re
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import httpx
import pytest

from data_checks.registry import SUITES
from orchestration.lib import settings
from tests.support.dbt import ensure_manifest
from tests.support.shell import free_port, fresh_shell_env, start_make, stop_group

CONTRACT = settings.PROJECT_ROOT / "docs" / "contract.md"
STARTUP_S = 180
STALE_AFTER_S = 26 * 3600

LOCATION_QUERY = """
{
  workspaceOrError {
    ... on Workspace {
      locationEntries {
        name loadStatus locationOrLoadError { __typename ... on PythonError { message } }
      }
    }
  }
}
"""
ASSETS_QUERY = """
{
  assetNodes {
    assetKey { path } groupName description
    assetChecksOrError { ... on AssetChecks { checks { name } } }
    internalFreshnessPolicy { ... on TimeWindowFreshnessPolicy { failWindowSeconds } }
  }
}
"""


def contract_marts() -> set[str]:
    """The mart tables named in docs/contract.md's "Marts" table."""
    section = CONTRACT.read_text().split("## Marts", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE))


def expected_keys() -> set[str]:
    fixed = {
        "raw/hf_daily_papers",
        "raw/hf_search_listings",
        "publishing/warehouse_snapshot",
        "publishing/weekly_digest",
    }
    return fixed | {f"marts/{name}" for name in contract_marts()}


@pytest.fixture(scope="module")
def manifest() -> Path:
    return ensure_manifest()


@pytest.fixture(scope="module")
def definitions(manifest: Path) -> dg.Definitions:
    from orchestration.definitions import defs

    return defs()


def test_contract_lists_the_marts() -> None:
    assert {"dim_papers", "fct_daily_listings", "fct_topic_trends", "fct_keyword_trends"} <= contract_marts()
    assert len(contract_marts()) == 18


def test_every_contract_asset_is_defined_with_a_description_and_a_group(definitions: dg.Definitions) -> None:
    specs = {spec.key.to_user_string(): spec for spec in definitions.resolve_all_asset_specs()}
    assert expected_keys() <= set(specs), sorted(expected_keys() - set(specs))
    # a dbt source no asset of ours writes yet is a placeholder Dagster adds, without either
    graph = definitions.resolve_asset_graph()
    ours = {key: spec for key, spec in specs.items() if graph.get(spec.key).is_materializable}
    undescribed = sorted(key for key, spec in ours.items() if not spec.description)
    ungrouped = sorted(key for key, spec in ours.items() if spec.group_name in (None, "default"))
    assert not undescribed
    assert not ungrouped


def test_publishing_waits_for_every_mart(definitions: dg.Definitions) -> None:
    graph = definitions.resolve_asset_graph()
    parents = {
        key.to_user_string()
        for key in graph.get(dg.AssetKey(["publishing", "warehouse_snapshot"])).parent_keys
    }
    assert {f"marts/{name}" for name in contract_marts()} <= parents


def test_every_suite_is_an_asset_check(definitions: dg.Definitions) -> None:
    checks = {
        (key.asset_key.to_user_string(), key.name)
        for key in definitions.resolve_asset_graph().asset_check_keys
    }
    assert {(spec.asset_key, spec.check_name) for spec in SUITES} <= checks


def test_marts_and_the_published_copy_go_stale_after_26_hours(definitions: dg.Definitions) -> None:
    specs = {spec.key.to_user_string(): spec for spec in definitions.resolve_all_asset_specs()}
    fresh = {key for key, spec in specs.items() if spec.freshness_policy is not None}
    assert fresh == {f"marts/{name}" for name in contract_marts()} | {"publishing/warehouse_snapshot"}
    policy = specs["marts/dim_papers"].freshness_policy
    assert policy.fail_window.to_timedelta().total_seconds() == STALE_AFTER_S


def test_alert_sensors_run_by_default(definitions: dg.Definitions) -> None:
    sensors = {sensor.name: sensor for sensor in definitions.sensors}
    assert set(sensors) == {"alert_on_run_failure", "alert_on_failed_checks"}
    assert all(sensor.default_status == dg.DefaultSensorStatus.RUNNING for sensor in sensors.values())


def location_entry(url: str) -> dict | None:
    """The code location's entry once the webserver answers and has finished loading it, else None."""
    try:
        answer = httpx.post(f"{url}/graphql", json={"query": LOCATION_QUERY}, timeout=10).json()
    except (httpx.TransportError, ValueError):
        return None
    entries = (answer.get("data") or {}).get("workspaceOrError", {}).get("locationEntries") or []
    loaded = [entry for entry in entries if entry["loadStatus"] == "LOADED"]
    return loaded[0] if loaded else None


@pytest.fixture(scope="module")
def dagster_ui(
    manifest: Path, sample_run, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict]]:
    """`make dev` on a free port; yields the UI's URL and its code location entry."""
    home = tmp_path_factory.mktemp("make_dev")
    url = f"http://127.0.0.1:{free_port()}"
    log = home / "make_dev.log"
    server = start_make("dev", f"PORT={url.rsplit(':', 1)[1]}", env=fresh_shell_env(home), log=log)
    try:
        deadline = time.monotonic() + STARTUP_S
        while (entry := location_entry(url)) is None:
            alive = server.poll() is None and time.monotonic() < deadline
            assert alive, f"make dev did not load the code location:\n{log.read_text()}"
            time.sleep(0.5)
        yield url, entry
    finally:
        stop_group(server)


# `dagster dev` reparses the dbt project at load: run it after the sample pipeline (which reads the manifest),
# and with the other `make` commands on one xdist worker
@pytest.mark.xdist_group("make")
def test_make_dev_loads_the_code_location_with_every_asset_and_check(dagster_ui) -> None:
    url, location = dagster_ui
    assert location["name"] == "orchestration"
    assert location["locationOrLoadError"]["__typename"] == "RepositoryLocation", location[
        "locationOrLoadError"
    ]
    answer = httpx.post(f"{url}/graphql", json={"query": ASSETS_QUERY}, timeout=60).json()["data"]
    nodes = {"/".join(node["assetKey"]["path"]): node for node in answer["assetNodes"]}
    assert expected_keys() <= set(nodes)
    assert nodes["publishing/warehouse_snapshot"]["groupName"] == "publishing"
    assert nodes["publishing/warehouse_snapshot"]["description"]
    checks = {
        (key, check["name"])
        for key, node in nodes.items()
        for check in (node["assetChecksOrError"] or {}).get("checks", [])
    }
    assert {(spec.asset_key, spec.check_name) for spec in SUITES} <= checks
    assert ("raw/hf_daily_papers", "every_day_landed") in checks
    freshness = nodes["marts/dim_papers"]["internalFreshnessPolicy"]
    assert freshness == {"failWindowSeconds": STALE_AFTER_S}
