"""Landing: atomic local files, temp files recognisable, and the same code path on S3 (moto's server)."""

import datetime as dt
import gzip
import json
import os
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from orchestration.lib.ingest_run import ingest_days
from orchestration.lib.landing import LandingZone, daily_folder, is_final, read_landed, search_folder
from tests.ingestion.conftest import fast_settings, recorded_ids, staged

FETCHED_AT = dt.datetime(2025, 7, 8, 6, 15, 2, 123456, tzinfo=dt.UTC)


def test_a_body_lands_gzipped_under_its_final_name_and_nothing_else_remains(tmp_path):
    zone = LandingZone(str(tmp_path), storage_options={})
    landed = zone.land(daily_folder("2025-07-08"), b'[{"paper": {}}]', FETCHED_AT)

    assert landed.path == str(
        tmp_path / "daily_papers/date=2025-07-08" / f"20250708T061502.123456Z_{landed.sha256[:8]}.json.gz"
    )
    assert gzip.decompress(Path(landed.path).read_bytes()) == b'[{"paper": {}}]'
    assert os.listdir(tmp_path / "daily_papers/date=2025-07-08") == [os.path.basename(landed.path)]
    assert read_landed(landed.path, {}) == b'[{"paper": {}}]'


def test_temp_files_of_a_killed_writer_are_recognisable():
    assert is_final("x/daily_papers/date=2025-07-08/20250708T061502.123456Z_abcd1234.json.gz")
    assert not is_final("x/daily_papers/date=2025-07-08/20250708T061502.123456Z_abcd1234.partial-0f3a")


def test_landing_twice_keeps_both_files(tmp_path):
    zone = LandingZone(str(tmp_path), storage_options={})
    first = zone.land(search_folder("llama 3/herd"), b"[]", FETCHED_AT)
    second = zone.land(search_folder("llama 3/herd"), b"[]", FETCHED_AT + dt.timedelta(seconds=1))
    assert first.path != second.path
    assert "watchlist=llama%203%2Fherd" in first.path
    assert zone.list_final("papers_search") == sorted([first.path, second.path])


@pytest.fixture
def s3_endpoint(monkeypatch):
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "DPW_S3_ENDPOINT_URL": endpoint,
    }.items():
        monkeypatch.setenv(name, value)
    boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket="landing")
    yield endpoint
    server.stop()


def test_ingestion_lands_on_s3(s3_endpoint, replay, con):
    zone = LandingZone("s3://landing/dpw")
    day = "2025-07-08"
    summary = ingest_days([day], fast_settings(replay.url), zone, con, "test-run", lambda _: None)

    assert summary.failure_line() is None
    landed = con.execute("select file_path, sha256 from raw.landing_manifest order by fetched_at").fetchall()
    for path, sha256 in landed:
        assert path.startswith(f"s3://landing/dpw/daily_papers/date={day}/") and path.endswith(
            f"_{sha256[:8]}.json.gz"
        )
    objects = boto3.client("s3", endpoint_url=s3_endpoint).list_objects_v2(Bucket="landing")["Contents"]
    assert sorted(o["Key"] for o in objects) == sorted(p.removeprefix("s3://landing/") for p, _ in landed)
    path = landed[0][0]  # the day's page; the second is the empty page that ends it
    assert [item["paper"]["id"] for item in json.loads(read_landed(path))] == recorded_ids(day)
    assert sorted(i for _, i, _ in staged(con)) == sorted(recorded_ids(day))
