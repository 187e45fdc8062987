"""The code location loads, in process and in the Dagster UI, with every asset and check of the contract."""

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import httpx
import pytest

from data_checks.registry import SUITES
from orchestration.lib import settings

CONTRACT = settings.PROJECT_ROOT / "docs" / "contract.md"
MANIFEST = settings.DBT_PROJECT_DIR / "target" / "manifest.json"
DBT = Path(sys.executable).with_name("dbt")
WEBSERVER = Path(sys.executable).with_name("dagster-webserver")
STARTUP_S = 120

UI_QUERY = """
{
  workspaceOrError {
    ... on Workspace {
      locationEntries { name locationOrLoadError { __typename ... on PythonError { message } } }
    }
  }
  assetNodes { assetKey { path } groupName description }
}
"""


def contract_marts() -> set[str]:
    """The mart tables named in docs/contract.md's "Marts" table."""
    section = CONTRACT.read_text().split("## Marts", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE))


def expected_keys() -> set[str]:
    fixed = {"raw/hf_daily_papers", "raw/hf_search_listings", "publishing/warehouse_snapshot"}
    return fixed | {f"marts/{name}" for name in contract_marts()}


@pytest.fixture(scope="module")
def manifest() -> Path:
    if not MANIFEST.exists():
        subprocess.run([str(DBT), "parse", "--quiet"], cwd=settings.DBT_PROJECT_DIR, check=True)
    return MANIFEST


@pytest.fixture(scope="module")
def definitions(manifest: Path) -> dg.Definitions:
    from orchestration.definitions import defs

    return defs()


def test_contract_lists_the_marts() -> None:
    assert {"dim_papers", "fct_daily_listings", "fct_topic_trends", "fct_keyword_trends"} <= contract_marts()
    assert len(contract_marts()) == 12


def test_every_contract_asset_is_defined_with_a_description_and_a_group(definitions: dg.Definitions) -> None:
    specs = {spec.key.to_user_string(): spec for spec in definitions.resolve_all_asset_specs()}
    assert expected_keys() <= set(specs), sorted(expected_keys() - set(specs))
    undescribed = sorted(key for key, spec in specs.items() if not spec.description)
    ungrouped = sorted(key for key, spec in specs.items() if spec.group_name in (None, "default"))
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def dagster_ui(manifest: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("dagster_home")
    url = f"http://127.0.0.1:{free_port()}"
    command = [str(WEBSERVER), "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", url.rsplit(":", 1)[1]]
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    server = subprocess.Popen(command, cwd=settings.PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + STARTUP_S
        while not ui_answers(url):
            assert server.poll() is None and time.monotonic() < deadline, "dagster-webserver did not start"
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def ui_answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/server_info", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def test_the_ui_loads_the_code_location_with_every_asset(dagster_ui: str) -> None:
    answer = httpx.post(f"{dagster_ui}/graphql", json={"query": UI_QUERY}, timeout=60).json()["data"]

    [location] = answer["workspaceOrError"]["locationEntries"]
    assert location["name"] == "orchestration"
    assert location["locationOrLoadError"]["__typename"] == "RepositoryLocation", location[
        "locationOrLoadError"
    ]
    nodes = {"/".join(node["assetKey"]["path"]): node for node in answer["assetNodes"]}
    assert expected_keys() <= set(nodes)
    assert nodes["publishing/warehouse_snapshot"]["groupName"] == "publishing"
    assert nodes["publishing/warehouse_snapshot"]["description"]
