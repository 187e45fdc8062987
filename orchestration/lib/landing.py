"""The landing zone: every response body, gzip-compressed, under a name that is never reused or rewritten.

Local folders get a temp file in the target folder, fsync and an atomic rename, so a final name always holds a
whole file; object stores get one PUT, which is atomic by nature. Nothing here deletes anything.
"""

import datetime as dt
import gzip
import hashlib
import os
import uuid
from dataclasses import dataclass
from urllib.parse import quote

import fsspec
from fsspec.implementations.local import LocalFileSystem

FINAL_SUFFIX = ".json.gz"
TEMP_MARKER = ".partial-"
# zlib's default: a third of level 9's CPU for JSON, files under 1% larger.
GZIP_LEVEL = 6


@dataclass(frozen=True)
class LandedFile:
    path: str
    sha256: str
    bytes: int


def storage_options_from_env(root: str) -> dict:
    """s3fs options from DPW_S3_ENDPOINT_URL; credentials come from the standard AWS variables."""
    endpoint = os.environ.get("DPW_S3_ENDPOINT_URL")
    if root.startswith("s3://") and endpoint:
        return {"endpoint_url": endpoint}
    return {}


def daily_folder(date: str) -> str:
    return f"daily_papers/date={date}"


def search_folder(watchlist: str) -> str:
    return f"papers_search/watchlist={quote(watchlist, safe='')}"


def details_folder(paper_id: str) -> str:
    # Old-style arXiv ids hold a slash (hep-th/9901001): quoted, so one paper is one folder.
    return f"paper_details/paper={quote(paper_id, safe='')}"


def file_name(fetched_at: dt.datetime, sha256: str) -> str:
    stamp = fetched_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    return f"{stamp}_{sha256[:8]}{FINAL_SUFFIX}"


def is_final(path: str) -> bool:
    """Temp files left by a killed writer never end in the final suffix, so readers can ignore them."""
    name = path.rsplit("/", 1)[-1]
    return name.endswith(FINAL_SUFFIX) and TEMP_MARKER not in name


class LandingZone:
    def __init__(self, root: str, storage_options: dict | None = None):
        options = storage_options if storage_options is not None else storage_options_from_env(root)
        self.fs, self.root_path = fsspec.core.url_to_fs(root, **options)
        self.root = root.rstrip("/")
        self.is_local = isinstance(self.fs, LocalFileSystem)

    def __repr__(self) -> str:
        return f"LandingZone({self.root!r})"

    def land(self, folder: str, body: bytes, fetched_at: dt.datetime) -> LandedFile:
        """Write one response body; returns where it went (a local path or an s3:// URL)."""
        sha256 = hashlib.sha256(body).hexdigest()
        name = file_name(fetched_at, sha256)
        data = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        target = f"{self.root_path.rstrip('/')}/{folder}/{name}"
        if self.is_local:
            _write_local_atomically(target, data)
            path = target
        else:
            self.fs.pipe_file(target, data)
            path = self.fs.unstrip_protocol(target)
        return LandedFile(path=path, sha256=sha256, bytes=len(body))

    def list_final(self, folder: str = "") -> list[str]:
        base = f"{self.root_path.rstrip('/')}/{folder}".rstrip("/")
        if not self.fs.exists(base):
            return []
        self.fs.invalidate_cache()
        return sorted(p for p in self.fs.find(base) if is_final(p))


def _write_local_atomically(target: str, data: bytes) -> None:
    folder = os.path.dirname(target)
    os.makedirs(folder, exist_ok=True)
    temp = f"{target[: -len(FINAL_SUFFIX)]}{TEMP_MARKER}{uuid.uuid4().hex}"
    with open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, target)
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def read_landed(fs_path: str, storage_options: dict | None = None) -> bytes:
    """The original body of a landed file."""
    options = storage_options if storage_options is not None else storage_options_from_env(fs_path)
    with fsspec.open(fs_path, "rb", compression="gzip", **options) as handle:
        return handle.read()
