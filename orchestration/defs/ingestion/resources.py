"""Resources of the ingestion domain, configured from environment variables with local defaults.

HF_TOKEN is deliberately not a config field: it is read from the environment when a client is built, so it
never appears in run config, the UI or logs. The warehouse is shared by every domain (defs/common/).
"""

import dagster as dg

from orchestration.defs.common.resources import from_env, resolved, warehouse_from_env
from orchestration.lib import settings
from orchestration.lib.hf_client import ClientSettings, token_from_env
from orchestration.lib.landing import LandingZone


class HFApiResource(dg.ConfigurableResource):
    """The Hugging Face Papers API (or a replay of it), with the politeness settings of DESIGN.md §3."""

    # The client's own defaults, so they are stated once (orchestration/lib/hf_client.py).
    base_url: str = settings.HF_PRODUCTION_URL
    concurrency: int = ClientSettings.concurrency
    rate_limit: float = ClientSettings.rate_limit
    timeout_s: float = ClientSettings.timeout
    max_attempts: int = ClientSettings.max_attempts
    backoff_initial_s: float = ClientSettings.backoff_initial
    backoff_max_s: float = ClientSettings.backoff_max
    max_retry_after_s: float = ClientSettings.max_retry_after
    page_size: int = ClientSettings.page_size

    def client_settings(self) -> ClientSettings:
        """Validated client settings; raises ValueError (e.g. a base URL that is not http(s))."""
        return ClientSettings(
            base_url=resolved(self.base_url),
            token=token_from_env(),
            concurrency=self.concurrency,
            rate_limit=self.rate_limit,
            timeout=self.timeout_s,
            max_attempts=self.max_attempts,
            backoff_initial=self.backoff_initial_s,
            backoff_max=self.backoff_max_s,
            max_retry_after=self.max_retry_after_s,
            page_size=self.page_size,
        )


class LandingResource(dg.ConfigurableResource):
    """The landing zone root: a local folder or an s3:// URL (endpoint from DPW_S3_ENDPOINT_URL)."""

    root: str

    def zone(self) -> LandingZone:
        return LandingZone(resolved(self.root))


def ingestion_resources_from_env() -> dict[str, dg.ConfigurableResource]:
    return {
        "hf_api": HFApiResource(
            base_url=from_env("HF_BASE_URL", settings.HF_PRODUCTION_URL),
            concurrency=int(settings.env("DPW_CONCURRENCY", str(ClientSettings.concurrency))),
            rate_limit=float(settings.env("DPW_RATE_LIMIT", str(ClientSettings.rate_limit))),
        ),
        "landing": LandingResource(root=from_env("DPW_LANDING_ROOT", settings.landing_root())),
    }


def resources_from_env() -> dict[str, dg.ConfigurableResource]:
    """Every resource a raw asset needs, for running one outside the code location (the backfill CLI)."""
    return {**ingestion_resources_from_env(), "warehouse": warehouse_from_env()}


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources=ingestion_resources_from_env())
