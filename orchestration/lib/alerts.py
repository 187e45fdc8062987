"""Alerts to a chat webhook: one Slack-compatible message (`{"text": ...}`) per failed run.

Posting is retried a little and never raises: an alert that cannot be delivered is logged by the caller and
must not fail anything in Dagster. No secret reaches a message: values of environment variables that look
like credentials (HF_TOKEN, *_SECRET*, *_KEY, *PASSWORD*) are masked wherever they would appear, and the
webhook URL itself, a secret too, is never written anywhere.
"""

import os
import re
from dataclasses import dataclass

import httpx
from tenacity import Retrying, stop_after_attempt, wait_exponential

from orchestration.lib.settings import env

DEFAULT_UI_URL = "http://127.0.0.1:3000"
ATTEMPTS = 3
TIMEOUT_S = 10.0
SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|_KEY$|WEBHOOK", re.IGNORECASE)
# Shorter values (a port, a flag) are not worth masking and would garble the text.
MIN_SECRET_CHARS = 8
NAMED = 5


def webhook_url() -> str | None:
    return os.environ.get("DPW_ALERT_WEBHOOK") or None


def ui_url() -> str:
    return env("DPW_UI_URL", DEFAULT_UI_URL).rstrip("/")


@dataclass(frozen=True)
class RunAlert:
    """What one message says about a run."""

    run_id: str
    job: str
    status: str
    scheduled: bool
    failed_steps: tuple[str, ...]
    failed_checks: tuple[str, ...]
    reason: str


def secrets_from_env() -> list[str]:
    return [
        value
        for name, value in os.environ.items()
        if SECRET_NAME.search(name) and len(value) >= MIN_SECRET_CHARS
    ]


def redact(text: str, secrets: list[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _named(items: tuple[str, ...]) -> str:
    more = f" and {len(items) - NAMED} more" if len(items) > NAMED else ""
    return ", ".join(items[:NAMED]) + more


def alert_text(alert: RunAlert, base_url: str) -> str:
    """The message: what failed, the one-line reason, and a link to the run in the UI."""
    kind = "scheduled run" if alert.scheduled else "run"
    lines = [f":rotating_light: {alert.job} {kind} {alert.run_id[:8]} {alert.status}: {alert.reason}"]
    if alert.failed_steps:
        lines.append(f"failed steps: {_named(alert.failed_steps)}")
    if alert.failed_checks:
        lines.append(f"failed checks (ERROR): {_named(alert.failed_checks)}")
    lines.append(f"run {alert.run_id}: {base_url}/runs/{alert.run_id}")
    return redact("\n".join(lines), secrets_from_env())


def post_alert(url: str, text: str, attempts: int = ATTEMPTS, backoff_s: float = 1.0) -> str | None:
    """POST `{"text": text}` to `url`; None once delivered, else why not (the URL left out)."""
    retrying = Retrying(
        stop=stop_after_attempt(attempts),
        wait=wait_exponential(multiplier=backoff_s, max=10 * backoff_s),
        reraise=True,
    )
    try:
        for attempt in retrying:
            with attempt:
                response = httpx.post(url, json={"text": text}, timeout=TIMEOUT_S)
                response.raise_for_status()
    except httpx.HTTPStatusError as error:
        return f"the webhook answered HTTP {error.response.status_code} after {attempts} attempts"
    except httpx.HTTPError as error:
        return f"{type(error).__name__} after {attempts} attempts"
    return None
