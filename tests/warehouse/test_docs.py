"""The marts are documented: every mart and every column has a description, and `dbt docs generate` works."""

import json
import shutil

from tests.support.dbt import run_dbt

CONTRACT_MARTS = {
    "dim_papers", "fct_daily_listings", "dim_authors", "bridge_paper_authors", "fct_coauthorships",
    "fct_author_merge_candidates", "dim_topics", "bridge_paper_topics", "dim_keywords",
    "bridge_paper_keywords", "fct_topic_trends", "fct_keyword_trends",
}  # fmt: skip


def test_docs_generate_documents_every_mart_column(sample_warehouse, tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(sample_warehouse, warehouse)
    run_dbt(warehouse, "docs", "generate")
    target = warehouse.parent / f"dbt_target_{warehouse.stem}"
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    assert (target / "index.html").is_file()

    marts = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "marts"
    }
    assert set(marts) >= CONTRACT_MARTS
    undocumented = []
    for name, node in marts.items():
        built = catalog["nodes"][node["unique_id"]]["columns"]
        if not node["description"].strip():
            undocumented.append(name)
        undocumented += [
            f"{name}.{column}"
            for column in built
            if not node["columns"].get(column, {}).get("description", "").strip()
        ]
    assert undocumented == []
