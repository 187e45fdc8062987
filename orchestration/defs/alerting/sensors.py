"""Alerts: one webhook message per run that failed on schedule or failed an ERROR-severity check.

Two run-status sensors read the finished run's event log: the failure sensor alerts for a failed scheduled
run, or any failed run with a failed ERROR check; the success sensor for a run that succeeded although an
ERROR check failed (a non-blocking one). Each run is reported once, by whichever sensor sees its end. Without
DPW_ALERT_WEBHOOK the sensors skip. The daemon (`make dev` runs one) evaluates them.
"""

import dagster as dg

from orchestration.lib.alerts import RunAlert, alert_text, post_alert, ui_url, webhook_url

SCHEDULE_TAG = "dagster/schedule_name"


def failed_error_checks(instance: dg.DagsterInstance, run_id: str) -> list[dg.AssetCheckEvaluation]:
    records = instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    evaluations = [record.dagster_event.event_specific_data for record in records if record.dagster_event]
    return [
        evaluation
        for evaluation in evaluations
        if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR
    ]


def step_failures(instance: dg.DagsterInstance, run_id: str) -> list[dg.DagsterEvent]:
    records = instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_FAILURE)
    return [record.dagster_event for record in records if record.dagster_event]


def failure_line(event: dg.DagsterEvent) -> str:
    """A step failure in one line: a Failure's own description, else the first line of the error."""
    data = event.step_failure_data
    if data.user_failure_data and data.user_failure_data.description:
        return data.user_failure_data.description.strip().splitlines()[0]
    if data.error and data.error.message.strip():
        return data.error.message.strip().splitlines()[0]
    return "no reason given"


def check_line(evaluation: dg.AssetCheckEvaluation) -> str:
    return (evaluation.description or "failed").strip().splitlines()[0]


def run_alert(instance: dg.DagsterInstance, run: dg.DagsterRun, status: str) -> RunAlert | None:
    """What to say about a finished run, or None when it calls for no alert."""
    checks = failed_error_checks(instance, run.run_id)
    scheduled = SCHEDULE_TAG in run.tags
    if not checks and not (scheduled and status == "FAILED"):
        return None
    steps = step_failures(instance, run.run_id)
    reasons = [check_line(check) for check in checks] + [failure_line(event) for event in steps]
    return RunAlert(
        run_id=run.run_id,
        job=run.job_name,
        status=status,
        scheduled=scheduled,
        failed_steps=tuple(event.step_key for event in steps if event.step_key),
        failed_checks=tuple(f"{c.asset_key.to_user_string()}:{c.check_name}" for c in checks),
        reason=reasons[0] if reasons else "the run failed before any step",
    )


def send(context: dg.RunStatusSensorContext, status: str) -> dg.SkipReason | None:
    url = webhook_url()
    if url is None:
        return dg.SkipReason("DPW_ALERT_WEBHOOK is not set")
    alert = run_alert(context.instance, context.dagster_run, status)
    if alert is None:
        return dg.SkipReason(f"run {context.dagster_run.run_id} calls for no alert")
    problem = post_alert(url, alert_text(alert, ui_url()))
    if problem is not None:
        context.log.warning(f"alert for run {alert.run_id} not delivered: {problem}")
    return None


@dg.run_failure_sensor(
    name="alert_on_run_failure",
    description="Posts to DPW_ALERT_WEBHOOK when a scheduled run fails, or a run fails an ERROR check.",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def alert_on_run_failure(context: dg.RunFailureSensorContext) -> dg.SkipReason | None:
    return send(context, "FAILED")


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    name="alert_on_failed_checks",
    description="Posts to DPW_ALERT_WEBHOOK when a run succeeds although an ERROR check failed.",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def alert_on_failed_checks(context: dg.RunStatusSensorContext) -> dg.SkipReason | None:
    return send(context, "SUCCEEDED with failed checks")
