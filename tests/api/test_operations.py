"""Operations endpoints on both stores: /livez and /readyz answer without a token; /metrics
shows every listed series after a chain of commands (a folder, a visit, its retry, a stale
and a refused command, a decision with its document, a payment list approved and paid, an
open SSE stream), and is refused to an address outside the allowed networks."""

from __future__ import annotations

import threading
import time
from datetime import date
from uuid import UUID

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.api import expect
from tests.api.care_givens import post
from tests.api.test_payments import IBAN, granted
from tests.support.builders import bank_account_body, member_body, open_folder_body, visit_body
from tests.support.server import running_server

TODAY = date.today()


def samples(base_url: str) -> dict[tuple[str, frozenset], float]:
    answer = httpx.get(f"{base_url}/metrics", timeout=15)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    found = {}
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(found: dict, name: str, **labels: str) -> float:
    """The sum of the samples of `name` whose labels include `labels`."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in found.items() if n == name and wanted <= ls)


def test_livez_and_readyz_answer_without_a_token(api):
    assert httpx.get(f"{api.base_url}/livez").json() == {"status": "ok"}
    ready = httpx.get(f"{api.base_url}/readyz")
    assert ready.status_code == 200 and ready.json() == {"status": "ready"}


def test_metrics_show_each_series_after_a_chain_of_commands(api):
    before = samples(api.base_url)
    with api.client("worker") as worker:
        body = open_folder_body()
        opened = post(worker, "/api/folders", body)
        folder = body["folder_id"]
        visit = visit_body(opened["version"])
        assert worker.post(f"/api/folders/{folder}/visits", json=visit).status_code == 201
        retried = worker.post(f"/api/folders/{folder}/visits", json=visit)
        assert retried.status_code == 200 and retried.json()["duplicate"] is True
        stale = worker.post(f"/api/folders/{folder}/visits", json=visit_body(1))
        expect.refused(stale, 409, "version.stale")
        twin = open_folder_body(head=member_body(pesel=body["head"]["pesel"]))
        expect.refused(worker.post("/api/folders", json=twin), 409, "person.has_open_folder")
    case, _ = granted(api, "permanent_allowance", ["640.00"], "370.00")
    with api.client("worker") as worker:
        version = api.system.app.repository.get(UUID(case.folder_id)).version
        post(worker, f"/api/folders/{case.folder_id}/bank-accounts",
             bank_account_body(version, case.members[0], iban=IBAN))
    with api.client("manager") as manager:
        built = post(manager, "/api/payments/lists", {"payment_date": TODAY.isoformat()})
        shown = manager.get(f"/api/payments/lists/{TODAY}",
                            params={"after": built["position"]}).json()
        post(manager, f"/api/payments/lists/{TODAY}/approval",
             {"expected_version": shown["version"]})

    stream_open, stop = threading.Event(), threading.Event()

    def watch() -> None:
        with api.client("coordinator") as coordinator, \
                coordinator.stream("GET", "/api/handoff/stream") as stream:
            for _ in stream.iter_lines():
                stream_open.set()
                if stop.is_set():
                    return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    assert stream_open.wait(10)
    try:
        after = samples(api.base_url)
    finally:
        stop.set()

    def grew(name: str, **labels: str) -> bool:
        return value(after, name, **labels) > value(before, name, **labels)

    assert grew("teczka_http_request_duration_seconds_count", route="/api/folders",
                method="POST", status="201")
    assert grew("teczka_http_request_duration_seconds_count",
                route="/api/folders/{folder_id}/visits", status="409")
    assert grew("teczka_commands_total", command="record_visit", outcome="applied")
    assert grew("teczka_commands_total", command="record_visit", outcome="duplicate")
    assert grew("teczka_commands_total", command="record_visit", outcome="stale",
                code="version.stale")
    assert grew("teczka_commands_total", outcome="refused", code="person.has_open_folder")
    assert grew("teczka_documents_issued_total", kind="decision_grant")
    assert grew("teczka_benefit_payments_total")
    assert grew("teczka_payment_lists_approved_total")
    assert value(after, "teczka_sse_connections") >= 1
    for projection in ("client_view", "handoff_queue", "payments"):
        assert ("teczka_projection_lag_events", frozenset({("projection", projection)})) \
            in after
        assert ("teczka_projection_lag_seconds", frozenset({("projection", projection)})) \
            in after
    assert value(after, "teczka_projection_stalled") == 0
    assert ("teczka_access_log_queue_depth", frozenset()) in after
    for pool in ("commands", "reads", "read_models"):
        assert ("teczka_pool_in_use", frozenset({("pool", pool)})) in after
    assert ("teczka_pool_waiting", frozenset({("pool", "commands")})) in after
    assert after[("teczka_store_breaker_open", frozenset())] == 0
    # nothing that names a person: no path with an id, no query
    assert folder not in str(after)


def test_projection_lag_is_counted_in_events_and_seconds(api):
    """A projection held behind shows its lag; caught up, it shows none."""
    with api.client("worker") as worker:
        post(worker, "/api/folders", open_folder_body())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = samples(api.base_url)
        if value(found, "teczka_projection_lag_events", projection="client_view") == 0:
            break
        time.sleep(0.1)
    assert value(found, "teczka_projection_lag_events", projection="client_view") == 0
    assert value(found, "teczka_projection_lag_seconds", projection="client_view") == 0


def test_metrics_are_refused_outside_the_allowed_networks(api):
    settings = api.system.settings.model_copy(update={
        "metrics_allowed_networks": ["10.0.0.0/8"]})
    with running_server(settings, run_projectors=False) as (base_url, _):
        refused = httpx.get(f"{base_url}/metrics")
        expect.refused(refused, 403, "metrics.address_not_allowed")
        assert httpx.get(f"{base_url}/livez").status_code == 200
