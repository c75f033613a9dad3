"""The tablet outbox's rules (tablet_ui/src/outbox.ts) in Python, for load and failure runs:
commands queued in order, drained through POST /api/sync in batches of each folder's oldest
commands, chained when queued on the same view, kept while the server cannot store them."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

MAX_COMMANDS = 200  # what the server takes per batch (and the outbox sends)
MAX_BYTES = 200 * 1024  # the outbox's bound, under the server's 256 KiB body limit


@dataclass
class Entry:
    folder_id: str
    path: str
    body: dict[str, Any]


@dataclass
class TabletOutbox:
    entries: list[Entry] = field(default_factory=list)
    # command_id → the body the server answered when it applied it
    applied: dict[str, dict[str, Any]] = field(default_factory=dict)
    refused: list[dict[str, Any]] = field(default_factory=list)
    # every per-command answer that was not `applied`, as (outcome, status, retry_after_s)
    unapplied: list[tuple[str, int, int | None]] = field(default_factory=list)

    def queue(self, folder_id: str, path: str, body: dict[str, Any]) -> None:
        self.entries.append(Entry(folder_id, path, body))

    def known_version(self, folder_id: str, seen: int) -> int:
        """What the next command on a folder expects: what was seen or acknowledged since."""
        acked = [a["version"] for a in self.applied.values()
                 if str(a.get("aggregate_id")) == folder_id]
        return max([seen, *acked])

    def next_batch(self) -> list[dict[str, Any]]:
        """As syncBatch in outbox.ts: each folder's oldest commands, in creation order."""
        batch, last, size = [], {}, 0
        for entry in self.entries:
            previous = last.get(entry.folder_id)
            expected = entry.body.get("expected_version")
            chain = (previous is not None and expected is not None
                     and previous.body.get("expected_version") == expected)
            command = {"command_id": entry.body["command_id"], "method": "POST",
                       "path": entry.path, "body": entry.body, "chain": chain}
            length = len(json.dumps(command).encode())
            if len(batch) >= MAX_COMMANDS or (batch and size + length > MAX_BYTES):
                break
            size += length
            batch.append(command)
            last[entry.folder_id] = entry
        return batch

    def send_batch(self, http: httpx.Client) -> tuple[int, int | None]:
        """One POST /api/sync; returns (commands applied, seconds the server asked to wait)."""
        batch = self.next_batch()
        if not batch:
            return 0, None
        answer = http.post("/api/sync", json={"commands": batch})
        if answer.status_code != 200:
            retry = answer.headers.get("retry-after", "")
            self.unapplied.append(("batch", answer.status_code, int(retry) if retry.isdigit()
                                   else None))
            return 0, int(retry) if retry.isdigit() else None
        by_id = {e.body["command_id"]: e for e in self.entries}
        done, wait = 0, None
        for result in answer.json()["results"]:
            entry = by_id[str(result["command_id"])]
            if result["outcome"] == "applied":
                self.acknowledge(entry, result["body"])
                done += 1
            else:
                self.unapplied.append((result["outcome"], result["status"],
                                       result["retry_after_s"]))
                if result["outcome"] == "refused":
                    self.refused.append(result)
                    self.entries.remove(entry)  # the person would decide; the run records it
                elif result["outcome"] == "unavailable":
                    wait = result["retry_after_s"]
        return done, wait

    def drain(self, http: httpx.Client, deadline_s: float) -> None:
        """Send until empty, waiting as the server asks (bounded by the deadline)."""
        stop_at = time.monotonic() + deadline_s
        while self.entries and time.monotonic() < stop_at:
            try:
                _, wait = self.send_batch(http)
            except httpx.TransportError:
                wait = 1
            if wait:
                time.sleep(min(wait, max(0.0, stop_at - time.monotonic())))

    def acknowledge(self, entry: Entry, answer: dict[str, Any]) -> None:
        """The entry leaves; later ones queued on the same base move onto the new version."""
        self.applied[entry.body["command_id"]] = answer
        base = entry.body.get("expected_version")
        self.entries.remove(entry)
        if base is None:
            return
        for later in self.entries:
            if later.folder_id == entry.folder_id and later.body.get("expected_version") == base:
                later.body["expected_version"] = answer["version"]
