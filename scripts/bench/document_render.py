"""A decision's PDF on the API: `--decisions` granting decisions are issued over HTTP (each
rendering its document and recording its SHA-256 in the decision's unit of work), then
each document is downloaded `--rounds` times over HTTP by its social worker, from
concurrent clients (`--clients`), timed on the client (the route reads the proceeding,
renders the PDF again in a worker thread — never on the event loop —, checks the hash and
saves the access-log entry before answering). Prints p50/p95 of the downloads, of issuing
and of the renderer alone (in-process, no HTTP).

    .venv/bin/python scripts/bench/document_render.py [--store sqlite|postgres]
        [--decisions 20] [--rounds 10] [--clients 4]

Creates and drops its own SQLite file or PostgreSQL database; only 127.0.0.1 is touched.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from uuid import UUID

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from domain.documents import DocumentKind
from scripts.bench.check_in import settings_of, signed_in
from services.documents.issuing import _facts, authority_of, issue_document
from services.documents.rendering import render_pdf
from services.proceedings import procedure
from tests.api.care_givens import care_terms, filed_proceeding
from tests.support.builders import new_id
from tests.support.providers import register_providers
from tests.support.server import running_server


def _no_document(*args, **kwargs) -> None:
    return None


def percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = statistics.quantiles(ms, n=20)[-1] if len(ms) > 1 else ms[0]
    return f"n={len(ms)} p50={statistics.median(ms):.1f} ms p95={p95:.1f} ms max={ms[-1]:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--decisions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    today = date.today()
    with settings_of(args.store) as settings, running_server(settings) as (base_url, system):
        api = signed_in(base_url, system)
        register_providers(system.app)  # the care decisions name MCUS
        issue_times, bare_times, documents = [], [], []
        with api.client("decision_maker") as decider:
            for n in range(2 * args.decisions):
                care = filed_proceeding(api, today)
                # Alternately without the document (the handler's call made a no-op, in
                # this process's server): what rendering adds to issuing, in the same run.
                bare = n % 2 == 1
                procedure.issue_document = _no_document if bare else issue_document
                began = time.perf_counter()
                answer = decider.post(f"/api/proceedings/{care.proceeding_id}/decision", json={
                    "command_id": new_id(), "expected_version": care.proceeding_version,
                    "decision_id": new_id(), "outcome": "grant", "reasons": ["5"],
                    "legal_basis": "art. 50 ust. 1", "signatory": "z up. Prezydenta, Jan Dec",
                    "issued_on": today.isoformat(), "care": care_terms(today)})
                (bare_times if bare else issue_times).append(time.perf_counter() - began)
                answer.raise_for_status()
                procedure.issue_document = issue_document
                if bare:
                    continue
                proceeding = system.app.repository.get(UUID(care.proceeding_id))
                documents += [(care.proceeding_id, d, answer.json()["position"])
                              for d in proceeding.documents]

        def download(item: tuple[str, str, int]) -> list[float]:
            proceeding_id, document_id, position = item
            took = []
            with api.client("worker") as worker:
                for _ in range(args.rounds):
                    began = time.perf_counter()
                    answer = worker.get(
                        f"/api/proceedings/{proceeding_id}/documents/{document_id}",
                        params={"after": position})
                    took.append(time.perf_counter() - began)
                    answer.raise_for_status()
            return took

        with ThreadPoolExecutor(args.clients) as pool:
            downloads = [t for times in pool.map(download, documents) for t in times]

        proceeding = system.app.repository.get(UUID(documents[0][0]))
        folder = system.app.repository.get(proceeding.folder_id)
        facts = _facts(DocumentKind.DECISION_GRANT, proceeding, proceeding, folder,
                       authority_of(settings), today)
        renders = []
        for _ in range(200):
            began = time.perf_counter()
            render_pdf(DocumentKind.DECISION_GRANT, facts, today)
            renders.append(time.perf_counter() - began)
    print(f"store={args.store} decisions={args.decisions} rounds={args.rounds} "
          f"clients={args.clients}")
    print(f"issue a granting care decision (HTTP, with its document): {percentiles(issue_times)}")
    print(f"issue the same without its document (same run):     {percentiles(bare_times)}")
    print(f"download a decision's PDF (HTTP, re-rendered, checked, logged): "
          f"{percentiles(downloads)}")
    print(f"render alone (in-process, warm): {percentiles(renders)}")


if __name__ == "__main__":
    main()
