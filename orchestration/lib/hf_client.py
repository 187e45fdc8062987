"""A polite async client for the Hugging Face Papers API.

Bounded concurrency, a token bucket, exponential backoff with jitter that honours `Retry-After`, a hard cap on
attempts and a descriptive User-Agent. The optional token is sent as a bearer token and kept out of every
repr, log line and error message.

A 200 whose body the caller's `validate` refuses (an HTML page from a proxy, a body cut short) is retried
with the same backoff as a 5xx: CDNs and proxies produce those transiently. When the attempts run out, the
last such answer is returned as it came, so the caller lands it and quarantines it.
"""

import asyncio
import datetime as dt
import email.utils
import importlib.metadata
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from aiolimiter import AsyncLimiter
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter
from tenacity.wait import wait_base

DAILY_PATH = "/api/daily_papers"
SEARCH_PATH = "/api/papers/search"
PAPERS_PATH = "/api/papers"  # GET /api/papers/{arxiv_id}: one paper's detail
PAGE_SIZE = 50
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CONTACT = "https://github.com/daily-papers-warehouse/daily-papers-warehouse"


def _version() -> str:
    try:
        return importlib.metadata.version("daily-papers-warehouse")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


USER_AGENT = f"daily-papers-warehouse/{_version()} (+{CONTACT}; data pipeline, bounded and rate limited)"


class FetchError(Exception):
    """A request that failed for good: retries exhausted, or an answer that retrying cannot change."""

    def __init__(self, message: str, status_code: int | None = None, body: bytes = b"", attempts: int = 0):
        super().__init__(message)
        self.status_code = status_code
        self.body = body
        self.attempts = attempts


class RetryableStatus(Exception):
    def __init__(self, status_code: int, retry_after: float | None, body: bytes):
        super().__init__(f"HTTP {status_code}")
        self.status_code = status_code
        self.retry_after = retry_after
        self.body = body


class BadPayload(Exception):
    """A 2xx answer whose body `validate` refused (raised ValueError); retried like a 5xx."""

    def __init__(self, reason: str, response: httpx.Response):
        super().__init__(reason)
        self.response = response


def validate_base_url(url: str) -> str:
    """The base URL without a trailing slash; anything but http(s) is refused before any request."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"HF_BASE_URL must be an http(s) URL such as https://huggingface.co, got {url!r}")
    return url.rstrip("/")


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date); None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


class wait_retry_after(wait_base):  # noqa: N801 (tenacity's naming for waits)
    """The server's `Retry-After` (capped) when it sent one, never less than the exponential backoff."""

    def __init__(self, backoff: wait_base, cap: float):
        self.backoff = backoff
        self.cap = cap

    def __call__(self, retry_state) -> float:
        backoff = self.backoff(retry_state)
        error = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(error, RetryableStatus) and error.retry_after is not None:
            return max(backoff, min(error.retry_after, self.cap))
        return backoff


def _is_retryable(error: BaseException) -> bool:
    # TransportError: timeouts, refused or reset connections, bodies cut short (RemoteProtocolError).
    return isinstance(error, RetryableStatus | BadPayload | httpx.TransportError)


@dataclass
class ClientSettings:
    base_url: str = "https://huggingface.co"
    token: str | None = field(default=None, repr=False)
    concurrency: int = 4
    # Requests per second. The anonymous API allows 500 requests per 5 minutes; at 0.5/s no 5 minutes can hold
    # more than 150, whatever a day or a backfill asks for (README: "Refresh policy and request budget").
    rate_limit: float = 0.5
    timeout: float = 30.0
    max_attempts: int = 6
    backoff_initial: float = 0.5
    backoff_max: float = 30.0
    max_retry_after: float = 60.0
    page_size: int = PAGE_SIZE

    def __post_init__(self) -> None:
        self.base_url = validate_base_url(self.base_url)
        if self.concurrency < 1 or self.rate_limit <= 0 or self.max_attempts < 1 or self.page_size < 1:
            raise ValueError("concurrency, rate limit, attempts and page size must be positive")


def daily_params(date: str, page: int, page_size: int) -> dict[str, str]:
    # Never `sort=trending`: with it the API ignores the date and answers a global list.
    return {"date": date, "limit": str(page_size), "p": str(page)}


def search_params(query: str) -> dict[str, str]:
    return {"q": query}


def token_from_env() -> str | None:
    return os.environ.get("HF_TOKEN") or None


@dataclass
class Response:
    url: str
    params: dict[str, str]
    status_code: int
    body: bytes
    fetched_at: dt.datetime
    attempts: int


@dataclass
class Stats:
    requests: int = 0
    retries: int = 0
    bytes: int = 0


class HFClient:
    """Use as `async with HFClient(settings) as client:`; one instance per event loop."""

    def __init__(self, settings: ClientSettings):
        self.settings = settings
        self.stats = Stats()
        self._http: httpx.AsyncClient | None = None
        self._slots = asyncio.Semaphore(settings.concurrency)
        # Burst of one token: requests are spread evenly instead of leaving in clumps.
        self._bucket = AsyncLimiter(1, 1.0 / settings.rate_limit)

    def __repr__(self) -> str:
        return f"HFClient({self.settings!r})"

    async def __aenter__(self) -> "HFClient":
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if self.settings.token:
            headers["Authorization"] = f"Bearer {self.settings.token}"
        self._http = httpx.AsyncClient(
            base_url=self.settings.base_url,
            headers=headers,
            timeout=httpx.Timeout(self.settings.timeout, connect=min(10.0, self.settings.timeout)),
            limits=httpx.Limits(max_connections=self.settings.concurrency),
            follow_redirects=True,
        )
        return self

    async def __aexit__(self, *exc_info) -> None:
        if self._http is not None:
            await self._http.aclose()

    async def get(
        self, path: str, params: dict[str, str], validate: Callable[[bytes], object] | None = None
    ) -> Response:
        """One logical fetch, retried on 429/5xx, transport errors and 2xx bodies `validate` refuses; raises
        FetchError when it gives up on a status or the network, returns the last refused body otherwise."""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.max_attempts),
            wait=wait_retry_after(
                wait_exponential_jitter(
                    multiplier=self.settings.backoff_initial,
                    max=self.settings.backoff_max,
                    jitter=self.settings.backoff_initial,
                ),
                self.settings.max_retry_after,
            ),
            retry=retry_if_exception(_is_retryable),
            reraise=True,
        )
        attempts = 0
        try:
            async for attempt in retrying:
                with attempt:
                    attempts += 1
                    if attempts > 1:
                        self.stats.retries += 1
                    response = await self._attempt(path, params, validate)
        except BadPayload as error:
            response = error.response
        except RetryableStatus as error:
            raise FetchError(
                f"HTTP {error.status_code} after {attempts} attempts", error.status_code, error.body, attempts
            ) from None
        except httpx.TransportError as error:
            raise FetchError(f"{type(error).__name__} after {attempts} attempts", attempts=attempts) from None
        if response.status_code >= 400:
            raise FetchError(
                f"HTTP {response.status_code} (not retried)", response.status_code, response.content, attempts
            )
        return Response(
            url=f"{self.settings.base_url}{path}",
            params=params,
            status_code=response.status_code,
            body=response.content,
            fetched_at=dt.datetime.now(dt.UTC),
            attempts=attempts,
        )

    async def _attempt(
        self, path: str, params: dict[str, str], validate: Callable[[bytes], object] | None
    ) -> httpx.Response:
        assert self._http is not None, "use HFClient as an async context manager"
        async with self._slots:
            await self._bucket.acquire()
            self.stats.requests += 1
            response = await self._http.get(path, params=params)
        self.stats.bytes += len(response.content)
        if response.status_code in RETRY_STATUSES:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            raise RetryableStatus(response.status_code, retry_after, response.content)
        if validate is not None and response.is_success:
            try:
                validate(response.content)
            except ValueError as error:
                raise BadPayload(str(error), response) from None
        return response
