"""Where things live and how hard we may hit the API: environment variables with local defaults.

Every default works on a fresh checkout; nothing needs editing to run the demo.
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
SAMPLE_DIR = PROJECT_ROOT / "sample_data"
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

HF_PRODUCTION_URL = "https://huggingface.co"
FIRST_LISTING_DATE = "2023-05-04"


def env(name: str, default: str) -> str:
    """An environment variable, with empty strings treated as unset."""
    return os.environ.get(name) or default


def base_url() -> str:
    return env("HF_BASE_URL", HF_PRODUCTION_URL)


def landing_root() -> str:
    return env("DPW_LANDING_ROOT", str(DATA_DIR / "landing"))


def warehouse_path() -> str:
    return env("DPW_WAREHOUSE_PATH", str(DATA_DIR / "warehouse.duckdb"))


def gx_root() -> str:
    return env("DPW_GX_ROOT", str(DATA_DIR / "gx"))


def publish_dir() -> str:
    return env("DPW_PUBLISH_DIR", str(DATA_DIR / "published"))
