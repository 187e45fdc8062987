"""Readers of the published copy never break a publication and never see half of one."""

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.lib import publish

READER = Path(__file__).with_name("snapshot_reader.py")
PUBLICATIONS = 6
WAIT_S = 30


def build_live_warehouse(path: Path, version: int) -> None:
    """A live warehouse whose marts differ, in content and size, for each version."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema if not exists marts; create schema if not exists audit")
        con.execute(
            f"create or replace table marts.probe as select {version} as version, range as i from range(?)",
            [version * 100],
        )
        con.execute(
            "create or replace table marts.filler as select range as i, repeat('x', 200) as pad"
            " from range(?)",
            [version * 20_000],
        )
        con.execute(
            "create or replace table audit.validation_results as select ? as run_id, true as success",
            [f"v{version}"],
        )


def read_lines(out_file: Path) -> list[dict]:
    return [json.loads(line) for line in out_file.read_text().splitlines()] if out_file.exists() else []


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def start_reader(published: Path, mode: str, tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    out_file = tmp_path / f"{mode}.jsonl"
    args = [sys.executable, str(READER), str(published), mode, str(tmp_path / "stop"), str(out_file)]
    reader = subprocess.Popen(args)
    wait_for(lambda: len(read_lines(out_file)) > 1, f"the {mode} reader's first check")
    return reader, out_file


def test_readers_see_a_whole_old_or_new_copy_while_publications_run(tmp_path: Path) -> None:
    live, publish_dir = tmp_path / "live.duckdb", tmp_path / "published"
    build_live_warehouse(live, 1)
    first = publish.publish(str(live), str(publish_dir), run_id="v1")
    (holder, held_out), (reconnector, fresh_out) = (
        start_reader(first.path, mode, tmp_path) for mode in ("hold", "reconnect")
    )

    for version in range(2, PUBLICATIONS + 1):
        build_live_warehouse(live, version)
        snapshot = publish.publish(str(live), str(publish_dir), run_id=f"v{version}")
        assert snapshot.row_counts["marts.probe"] == version * 100
    wait_for(lambda: read_lines(fresh_out)[-1].get("version") == PUBLICATIONS, "the last version")
    (tmp_path / "stop").touch()
    assert [holder.wait(WAIT_S), reconnector.wait(WAIT_S)] == [0, 0]

    held, fresh = read_lines(held_out)[1:], read_lines(fresh_out)[1:]
    broken = [check for check in held + fresh if not check.get("whole")]
    assert not broken
    # An open connection stays on the file it opened; a new connection sees the latest publication.
    assert {check["version"] for check in held} == {1}
    assert len({check["version"] for check in fresh}) >= 2
    assert sorted(path.name for path in publish_dir.iterdir()) == ["warehouse.duckdb"]


def test_publication_copies_views_as_tables_and_records_a_manifest(tmp_path: Path) -> None:
    live = tmp_path / "live.duckdb"
    build_live_warehouse(live, 3)
    with duckdb.connect(str(live)) as con:
        con.execute("create view marts.probe_head as select * from marts.probe where i < 7")
        con.execute("create schema staging; create table staging.hidden as select 1 as x")

    snapshot = publish.publish(str(live), str(tmp_path / "out"), run_id="v3")

    with duckdb.connect(str(snapshot.path), read_only=True) as con:
        tables = con.execute(
            "select table_schema || '.' || table_name, table_type from information_schema.tables order by 1"
        ).fetchall()
        info = con.execute("select run_id, tables from audit.snapshot_info").fetchone()
    assert ("marts.probe_head", "BASE TABLE") in tables
    assert not any(name.startswith("staging.") for name, _ in tables)
    assert snapshot.row_counts["marts.probe_head"] == 7
    assert info == ("v3", len(snapshot.row_counts))


def test_a_copy_left_by_a_killed_publication_is_removed_once_stale(tmp_path: Path) -> None:
    live, publish_dir = tmp_path / "live.duckdb", tmp_path / "published"
    build_live_warehouse(live, 1)
    publish_dir.mkdir()
    stale, recent = publish_dir / "warehouse.duckdb.tmp-old", publish_dir / "warehouse.duckdb.tmp-running"
    stale.write_bytes(b"half a copy")
    recent.write_bytes(b"a copy in progress")
    hours_ago = time.time() - 2 * 3600
    os.utime(stale, (hours_ago, hours_ago))

    publish.publish(str(live), str(publish_dir), run_id="v1")

    assert sorted(path.name for path in publish_dir.iterdir()) == ["warehouse.duckdb", recent.name]


def test_a_copy_that_does_not_hold_its_manifest_is_never_published(tmp_path: Path, monkeypatch) -> None:
    live, publish_dir = tmp_path / "live.duckdb", tmp_path / "published"
    build_live_warehouse(live, 1)
    first = publish.publish(str(live), str(publish_dir), run_id="v1")
    build_live_warehouse(live, 2)
    whole_copy = publish.build_copy

    def copy_losing_a_table(source, target, published_at, run_id):
        counts = whole_copy(source, target, published_at, run_id)
        with duckdb.connect(str(target)) as con:
            con.execute("delete from marts.probe where i < 10")
        return counts

    monkeypatch.setattr(publish, "build_copy", copy_losing_a_table)
    with pytest.raises(publish.IncompleteCopy, match="marts.probe"):
        publish.publish(str(live), str(publish_dir), run_id="v2")

    with duckdb.connect(str(first.path), read_only=True) as con:
        assert con.execute("select run_id from audit.snapshot_info").fetchone() == ("v1",)
    assert sorted(path.name for path in publish_dir.iterdir()) == ["warehouse.duckdb"]


def test_a_copy_with_a_write_ahead_log_left_beside_it_is_refused(tmp_path: Path) -> None:
    live, target = tmp_path / "live.duckdb", tmp_path / "copy.duckdb"
    build_live_warehouse(live, 1)
    counts = publish.build_copy(str(live), target, dt.datetime.now(dt.UTC), "v1")
    publish.verify_copy(target, counts)
    target.with_name(target.name + ".wal").write_bytes(b"")

    with pytest.raises(publish.IncompleteCopy, match="is left after the copy was closed"):
        publish.verify_copy(target, counts)
