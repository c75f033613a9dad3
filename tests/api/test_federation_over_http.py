"""Three real instances on loopback ports, each on its own PostgreSQL database: Wrocław (a
municipality) delivers its submitted return to Dolnośląskie (a voivodeship), which sums its
municipalities and delivers the sum to the national instance. Every byte Wrocław sends
passes through a recording proxy, so the test can prove no personal data left it."""

from __future__ import annotations

import json
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from domain.federation import DOCUMENT_KEYS, ENVELOPE_KEYS, canonical, content_hash
from domain.user import Role
from services.commands import CommandContext
from services.users.commands import RegisterUser
from tests.api import expect
from tests.support.federation import JELENIA_GORA, WROCLAW, Unit, scaled
from tests.support.municipality import build_municipality
from tests.support.server import running_server
from tests.support.stores import fresh_postgres_database, postgres_settings

pytestmark = pytest.mark.postgres

PASSWORD = "haslo-testowe-123"
H1 = {"year": 2026, "part": "H1"}
KLODZKO = "0208011"  # trusted by the voivodeship, never sends: missing


class RecordingProxy:
    """A loopback TCP relay that keeps every byte its clients send."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.sent = bytearray()
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._server.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=30)
            threading.Thread(target=self._pump, args=(client, upstream, True),
                             daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False),
                             daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, record: bool) -> None:
        try:
            while data := source.recv(65536):
                if record:
                    with self._lock:
                        self.sent += data
                target.sendall(data)
        except OSError:
            pass
        finally:
            with suppress(OSError):
                target.shutdown(socket.SHUT_WR)

    def take(self) -> bytes:
        with self._lock:
            sent, self.sent = bytes(self.sent), bytearray()
        return sent

    def close(self) -> None:
        self._server.close()


@dataclass
class Instance:
    url: str
    system: Any
    token: str

    def client(self, signed_in: bool = True) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token}"} if signed_in else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)

    def received(self) -> list[str]:
        return [n.topic for n in self.system.app.recorder.select_notifications(
            start=1, limit=10_000) if n.topic.startswith("domain.federation:")]


def signed_in(url: str, system: Any, username: str, role: Role, unit: str) -> Instance:
    ctx = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                         unit="IT")
    system.app.handle(ctx, RegisterUser(
        username=username, display_name=username.title(), role=role.value, unit=unit,
        password=PASSWORD))
    answer = httpx.post(f"{url}/api/auth/login",
                        json={"username": username, "password": PASSWORD})
    answer.raise_for_status()
    return Instance(url, system, answer.json()["access_token"])


@dataclass
class Federation:
    municipality: Instance
    voivodeship: Instance
    national: Instance
    proxy: RecordingProxy
    wroclaw_town: Any
    jelenia_gora: Unit


@pytest.fixture(scope="module")
def federation(postgres_admin_url, tmp_path_factory) -> Iterator[Federation]:
    wroclaw, dolnoslaskie = Unit(WROCLAW, "Wrocław"), Unit("02", "Dolnośląskie", "voivodeship")
    jelenia_gora = Unit(JELENIA_GORA, "Jelenia Góra")
    with ExitStack() as stack:
        def settings(name: str, **values: Any):
            url = stack.enter_context(fresh_postgres_database(postgres_admin_url))
            # Three instances share the test server's connections with other tests: small pools.
            return postgres_settings(url, tmp_path_factory.mktemp(name), postgres_pool_size=2,
                                     **values)

        national_url, national_system = stack.enter_context(running_server(settings(
            "national", level="national", unit_name="Polska")))
        voivodeship_url, voivodeship_system = stack.enter_context(running_server(settings(
            "voivodeship", level="voivodeship", unit_teryt="02", unit_name="Dolnośląskie",
            upstream_url=national_url, federation_key=dolnoslaskie.seed)))
        proxy = RecordingProxy(int(voivodeship_url.rsplit(":", 1)[1]))
        stack.callback(proxy.close)
        municipality_url, municipality_system = stack.enter_context(running_server(settings(
            "municipality", unit_teryt=WROCLAW, unit_name="Wrocław", upstream_url=proxy.url,
            federation_key=wroclaw.seed)))

        national_system.federation.trust_unit("02", "Dolnośląskie", dolnoslaskie.public_key)
        for unit in (wroclaw, jelenia_gora, Unit(KLODZKO, "Duszniki-Zdrój")):
            voivodeship_system.federation.trust_unit(unit.teryt, unit.name, unit.public_key)
        yield Federation(
            municipality=signed_in(municipality_url, municipality_system, "kierownik",
                                   Role.MANAGER, "ZTPS-1"),
            voivodeship=signed_in(voivodeship_url, voivodeship_system, "analityk",
                                  Role.VOIVODESHIP_ANALYST, "WPS-02"),
            national=signed_in(national_url, national_system, "analityk.kraj",
                               Role.VOIVODESHIP_ANALYST, "MRPiPS"),
            proxy=proxy,
            wroclaw_town=build_municipality(municipality_system.app),
            jelenia_gora=jelenia_gora,
        )


@pytest.fixture(scope="module")
def submitted(federation) -> dict[str, Any]:
    """Wrocław's manager compiles and submits the first half of 2026."""
    m = federation.municipality
    with m.client() as http:
        head = m.system.app.head_position()
        assert http.get("/api/returns/2026/H1", params={"after": head}).status_code == 200
        compiled = http.post("/api/returns/2026/H1/compilation",
                             json={"command_id": str(uuid.uuid4())})
        assert compiled.status_code == 201, compiled.text
        draft = compiled.json()
        done = http.post("/api/returns/2026/H1/submission", json={
            "command_id": str(uuid.uuid4()), "expected_version": draft["version"],
            "content_hash": draft["compiled"]["content_hash"]})
        assert done.status_code == 201, done.text
        shown = http.get("/api/returns/2026/H1", params={"after": done.json()["position"]})
    return shown.json()["submitted"]


@pytest.fixture(scope="module")
def delivered(federation, submitted) -> dict[str, Any]:
    """Wrocław delivers its return (through the recording proxy); the bytes are kept."""
    federation.proxy.take()
    with federation.municipality.client() as http:
        answer = http.post("/api/returns/2026/H1/delivery")
    assert answer.status_code == 200, answer.text
    return {"receipt": answer.json(), "bytes": federation.proxy.take()}


@pytest.fixture(scope="module")
def jelenia_gora_on_time(federation, delivered) -> dict[str, Any]:
    """Jelenia Góra's return (twice Wrocław's figures) arrives before the deadline."""
    v = federation.voivodeship
    figures = scaled(2, delivered_figures(delivered))
    v.system.federation.now = lambda: datetime(2026, 7, 20, 9, 0, tzinfo=UTC)
    try:
        answer = httpx.post(f"{v.url}/api/federation/returns",
                            json=federation.jelenia_gora.envelope(figures), timeout=30)
    finally:
        v.system.federation.now = lambda: datetime.now(UTC)
    assert answer.status_code == 201, answer.text
    return answer.json()


def delivered_figures(delivered: dict[str, Any]) -> dict[str, Any]:
    return envelope_sent(delivered["bytes"])["document"]["figures"]


def envelope_sent(raw: bytes) -> dict[str, Any]:
    _, _, body = raw.partition(b"\r\n\r\n")
    return json.loads(body)


# -- a municipality delivers; the voivodeship records it once --------------------------------


def test_the_voivodeship_records_the_municipalitys_submitted_return(federation, submitted,
                                                                    delivered):
    receipt = delivered["receipt"]

    assert receipt["teryt"] == WROCLAW
    assert receipt["content_hash"] == submitted["content_hash"]
    assert receipt["duplicate"] is False
    assert delivered_figures(delivered) == submitted["figures"]
    assert federation.voivodeship.received() == ["domain.federation:ReceivedReturn.ReturnReceived"]


def test_delivering_the_same_return_again_records_nothing_new(federation, delivered):
    before = federation.voivodeship.received()
    with federation.municipality.client() as http:
        again = http.post("/api/returns/2026/H1/delivery")

    assert again.status_code == 200, again.text
    assert again.json()["duplicate"] is True
    assert again.json()["receipt_id"] == delivered["receipt"]["receipt_id"]
    assert federation.voivodeship.received() == before
    federation.proxy.take()


def envelope_of(delivered: dict[str, Any]) -> dict[str, Any]:
    return envelope_sent(delivered["bytes"])


def figures_changed(federation, delivered) -> dict[str, Any]:
    envelope = envelope_of(delivered)
    envelope["document"]["figures"]["social_work"]["families"] += 1
    return envelope


def figures_changed_and_rehashed(federation, delivered) -> dict[str, Any]:
    envelope = figures_changed(federation, delivered)
    envelope["document"]["content_hash"] = content_hash(envelope["document"]["figures"])
    return envelope


def signed_with_another_key(federation, delivered) -> dict[str, Any]:
    impostor = Unit(WROCLAW, "Wrocław")
    return impostor.signed_as_is(envelope_of(delivered)["document"])


def signature_of_another_key_under_the_trusted_key_id(federation, delivered) -> dict:
    envelope = signed_with_another_key(federation, delivered)
    envelope["key_id"] = envelope_of(delivered)["key_id"]
    return envelope


def from_an_untrusted_municipality(federation, delivered) -> dict[str, Any]:
    return Unit("0223011", "Gmina spoza rejestru").envelope(delivered_figures(delivered))


TAMPERED = {
    "figures changed": (figures_changed, "federation.content_hash_mismatch"),
    "figures changed, hash recomputed": (figures_changed_and_rehashed,
                                         "federation.bad_signature"),
    "signed with another key": (signed_with_another_key, "federation.untrusted_unit"),
    "another key's signature, the trusted key id": (
        signature_of_another_key_under_the_trusted_key_id, "federation.bad_signature"),
    "untrusted municipality": (from_an_untrusted_municipality, "federation.untrusted_unit"),
}


@pytest.mark.parametrize("case", sorted(TAMPERED))
def test_a_tampered_or_untrusted_return_is_refused_and_records_nothing(federation, delivered,
                                                                        case):
    make, code = TAMPERED[case]
    v = federation.voivodeship
    head = v.system.app.head_position()

    answer = httpx.post(f"{v.url}/api/federation/returns", json=make(federation, delivered),
                        timeout=30)

    expect.refused(answer, 422, code)
    assert v.system.app.head_position() == head


def test_status_shows_who_sent_on_time_who_late_and_who_is_missing(federation, delivered,
                                                                   jelenia_gora_on_time):
    with federation.voivodeship.client() as http:
        answer = http.get("/api/federation/status",
                          params=H1 | {"after": jelenia_gora_on_time["position"]})

    assert answer.status_code == 200, answer.text
    status = answer.json()
    assert status["deadline"] == "2026-07-21"
    by_unit = {u["teryt"]: u["status"] for u in status["units"]}
    # Wrocław's return arrives today, after 21 July; Kłodzko's never came.
    late_or_on_time = "late" if date.today() > date(2026, 7, 21) else "on_time"
    missing = "overdue" if date.today() > date(2026, 7, 21) else "missing"
    assert by_unit == {WROCLAW: late_or_on_time, JELENIA_GORA: "on_time", KLODZKO: missing}
    assert (status["submitted"], status["missing"]) == (2, 1)


def test_the_aggregate_sums_both_municipalities(federation, delivered, jelenia_gora_on_time):
    with federation.voivodeship.client() as http:
        answer = http.get("/api/federation/aggregate",
                          params=H1 | {"after": jelenia_gora_on_time["position"]})

    assert answer.status_code == 200, answer.text
    aggregate = answer.json()
    assert aggregate["figures"] == scaled(3, delivered_figures(delivered))
    assert {p["teryt"] for p in aggregate["parts"]} == {WROCLAW, JELENIA_GORA}
    assert aggregate["unit"] == {"level": "voivodeship", "teryt": "02", "name": "Dolnośląskie"}


def test_the_voivodeship_sends_its_sum_to_the_national_instance(federation, delivered,
                                                                jelenia_gora_on_time):
    with federation.voivodeship.client() as http:
        sent = http.post("/api/federation/aggregate/delivery", json=H1)
        aggregate = http.get("/api/federation/aggregate", params=H1).json()

    assert sent.status_code == 200, sent.text
    assert sent.json()["teryt"] == "02"
    with federation.national.client() as http:
        status = http.get("/api/federation/status",
                          params=H1 | {"after": sent.json()["position"]}).json()
        national = http.get("/api/federation/aggregate", params=H1).json()
    assert [(u["teryt"], u["received_at"] is not None) for u in status["units"]] == [
        ("02", True)]
    assert national["figures"] == aggregate["figures"]
    assert national["unit"]["level"] == "national"


def test_a_voivodeship_serves_no_case_folders(federation):
    with federation.voivodeship.client() as http:
        paths = http.get("/openapi.json").json()["paths"]

    assert "/api/federation/returns" in paths
    assert not any(p.startswith(("/api/folders", "/api/returns", "/api/handoff"))
                   for p in paths)


def test_the_delivery_answers_only_the_roles_allowed(federation):
    with federation.municipality.client(signed_in=False) as http:
        anonymous = http.post("/api/returns/2026/H1/delivery")
    with federation.voivodeship.client(signed_in=False) as http:
        status = http.get("/api/federation/status", params=H1)

    expect.refused(anonymous, 401, "auth.required")
    expect.refused(status, 401, "auth.required")


# -- privacy: what left the municipality ----------------------------------------------------


def personal_data_of(federation) -> list[str]:
    """Every name, PESEL, address and id of the people and folders Wrocław holds."""
    app = federation.municipality.system.app
    found: list[str] = []
    for household in federation.wroclaw_town.households.values():
        folder = app.repository.get(household.folder_id)
        found += [str(folder.id), folder.id.hex, folder.address.street,
                  folder.address.postal_code]
        for member in folder.members.values():
            found += [str(member.member_id), member.member_id.hex, member.first_name,
                      member.last_name]
            if member.pesel:
                found.append(getattr(member.pesel, "value", member.pesel))
        found += [str(p) for p in household.proceedings.values()]
    return found


def test_no_personal_data_leaves_the_municipality(federation, delivered):
    sent = delivered["bytes"]
    text = sent.decode("utf-8")
    personal = personal_data_of(federation)

    assert len(personal) > 20  # the check below looks for something real
    assert [value for value in personal if value and value in text] == []
    assert [value for value in personal
            if value and json.dumps(value)[1:-1] in text] == []  # nor escaped


def test_only_the_agreed_keys_and_figures_leave_the_municipality(federation, delivered):
    envelope = envelope_sent(delivered["bytes"])
    document = envelope["document"]

    assert set(envelope) == ENVELOPE_KEYS
    assert set(document) == DOCUMENT_KEYS | {"layout"} and document["layout"] == "2026"
    assert set(document["unit"]) == {"level", "teryt", "name"}
    assert set(document["period"]) == {"year", "part"}

    def leaves(value: Any) -> Iterator[Any]:
        if isinstance(value, dict):
            for inner in value.values():
                yield from leaves(inner)
        else:
            yield value

    assert all(isinstance(leaf, int) or (isinstance(leaf, str) and
                                          leaf.replace(".", "", 1).isdigit())
               for leaf in leaves(document["figures"]))
    # Exactly one request, whose body is the canonical envelope.
    assert delivered["bytes"].count(b"POST ") == 1
    assert delivered["bytes"].endswith(canonical(envelope))
