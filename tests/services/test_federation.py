"""Receiving, summing and following returns at a voivodeship, on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import socket
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from domain.federation import (
    BadSignatureError,
    ContentHashMismatchError,
    FigureNotAllowedError,
    InvalidReturnDocumentError,
    NothingToAggregateError,
    OutsideRegionError,
    Period,
    UnexpectedFieldsError,
    UntrustedUnitError,
    WrongLevelError,
    check_document,
    content_hash,
)
from services.returns.federation import (
    DeliveryFailedError,
    InvalidPublicKeyError,
    TrustRegistry,
    sign,
)
from services.settings import Settings
from services.system import TeczkaSystem
from tests.support.federation import FIGURES, JELENIA_GORA, KRAKOW, WROCLAW, Unit, scaled

H1_2026 = Period(2026, "H1")
ON_TIME = datetime(2026, 7, 15, 10, 0, tzinfo=UTC)
LATE = datetime(2026, 7, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def units() -> dict[str, Unit]:
    return {WROCLAW: Unit(WROCLAW, "Wrocław"), JELENIA_GORA: Unit(JELENIA_GORA, "Jelenia Góra"),
            KRAKOW: Unit(KRAKOW, "Kraków")}


@pytest.fixture
def voivodeship(settings: Settings, units) -> Iterator[TeczkaSystem]:
    """A voivodeship instance (Dolnośląskie) trusting Wrocław, Jelenia Góra and Kraków."""
    upper = settings.model_copy(update={"level": "voivodeship", "unit_teryt": "02",
                                        "unit_name": "Dolnośląskie"})
    with TeczkaSystem(upper, run_projectors=True) as system:
        # The read models exist once the projector has run once.
        assert system.projectors.active.wait(timeout=30)
        system.federation.now = lambda: ON_TIME
        for unit in units.values():
            # Kraków is trusted by mistake: the region rule must still refuse it.
            system.federation.trusted.trust(unit.teryt, unit.name, unit.public_key)
        yield system


def receipts(system: TeczkaSystem) -> list[str]:
    """The names of every federation event in the log, oldest first."""
    found = []
    for n in system.app.recorder.select_notifications(start=1, limit=10_000):
        if "federation" in n.topic:
            found.append(n.topic.rsplit(".", 1)[-1])
    return found


def test_a_signed_return_is_recorded_once_and_shown(voivodeship, units):
    envelope = units[WROCLAW].envelope()

    first = voivodeship.federation.receive(envelope)
    again = voivodeship.federation.receive(copy.deepcopy(envelope))

    assert (first.duplicate, again.duplicate) == (False, True)
    assert first.receipt_id == again.receipt_id
    assert first.on_time
    assert receipts(voivodeship) == ["ReturnReceived"]
    rows = voivodeship.read_models.received_returns(2026, "H1", after=first.position)
    assert [(r["teryt"], r["content_hash"], r["on_time"]) for r in rows] == [
        (WROCLAW, content_hash(FIGURES), True)]


def test_a_correction_back_to_earlier_figures_is_a_new_receipt_and_counts(voivodeship, units):
    wroclaw = units[WROCLAW]
    voivodeship.federation.receive(wroclaw.envelope(submitted_at="2026-07-10T08:00:00+00:00"))
    voivodeship.federation.receive(
        wroclaw.envelope(scaled(2), submitted_at="2026-07-15T08:00:00+00:00"))

    back = voivodeship.federation.receive(  # A, B, then A again: the last submission counts
        wroclaw.envelope(submitted_at="2026-07-20T08:00:00+00:00"))

    assert not back.duplicate
    assert receipts(voivodeship) == ["ReturnReceived"] * 3
    rows = voivodeship.read_models.received_returns(2026, "H1", after=back.position)
    assert [(r["content_hash"], r["receipts"]) for r in rows] == [(content_hash(FIGURES), 3)]


def tampered_figures(unit: Unit) -> dict:
    envelope = unit.envelope()
    envelope["document"]["figures"]["social_work"]["families"] = 500
    return envelope


def tampered_and_rehashed(unit: Unit) -> dict:
    envelope = unit.envelope()
    figures = envelope["document"]["figures"]
    figures["social_work"]["families"] = 500
    envelope["document"]["content_hash"] = content_hash(figures)
    return envelope


def signed_by_another_key(unit: Unit) -> dict:
    envelope = sign(unit.document(), Unit(unit.teryt, unit.name).key)
    envelope["key_id"] = unit.envelope()["key_id"]  # claims the trusted key
    return envelope


def with_another_key(unit: Unit) -> dict:
    return sign(unit.document(), Unit(unit.teryt, unit.name).key)


def from_an_untrusted_municipality(unit: Unit) -> dict:
    return Unit("0223011", "Gmina nieznana").envelope()


def with_a_list_of_persons(unit: Unit) -> dict:
    document = unit.document()
    document["persons"] = [{"pesel": "44051401458", "name": "Jan Kowalski"}]
    return unit.signed_as_is(document)


REFUSALS = {
    "figures changed": (tampered_figures, ContentHashMismatchError),
    "figures changed and hash recomputed": (tampered_and_rehashed, BadSignatureError),
    "signed by another key claiming the trusted one": (signed_by_another_key,
                                                       BadSignatureError),
    "another key": (with_another_key, UntrustedUnitError),
    "untrusted municipality": (from_an_untrusted_municipality, UntrustedUnitError),
    "a list of persons beside the figures": (with_a_list_of_persons, UnexpectedFieldsError),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_tampered_or_untrusted_return_is_refused_and_records_nothing(voivodeship, units,
                                                                        case):
    make, error = REFUSALS[case]
    head = voivodeship.app.head_position()

    with pytest.raises(error):
        voivodeship.federation.receive(make(units[WROCLAW]))

    assert voivodeship.app.head_position() == head


def test_personal_data_in_the_figures_is_refused_even_when_properly_signed(voivodeship, units):
    unit = units[WROCLAW]
    figures = copy.deepcopy(FIGURES)
    figures["social_work"]["families"] = "Jan Kowalski, ul. Fabryczna 5"
    document = unit.document()
    document["figures"] = figures
    document["content_hash"] = content_hash(figures)

    with pytest.raises(FigureNotAllowedError):
        voivodeship.federation.receive(unit.signed_as_is(document))
    assert receipts(voivodeship) == []


def test_a_municipality_of_another_voivodeship_is_refused_even_if_trusted(voivodeship, units):
    with pytest.raises(OutsideRegionError):
        voivodeship.federation.receive(units[KRAKOW].envelope())
    assert receipts(voivodeship) == []


def test_a_voivodeship_does_not_receive_another_voivodeship(voivodeship):
    other = Unit("04", "Kujawsko-Pomorskie", level="voivodeship")
    document = other.document(position=0) | {"parts": [
        {"teryt": "0401011", "content_hash": content_hash(FIGURES)}]}

    with pytest.raises(WrongLevelError):
        voivodeship.federation.receive(sign(document, other.key))


def test_a_correction_is_kept_beside_the_first_and_the_latest_counts(voivodeship, units):
    voivodeship.federation.receive(units[WROCLAW].envelope())
    corrected = voivodeship.federation.receive(units[WROCLAW].envelope(scaled(2)))

    rows = voivodeship.read_models.received_returns(2026, "H1", after=corrected.position)
    assert receipts(voivodeship) == ["ReturnReceived", "ReturnReceived"]
    assert [(r["content_hash"], r["receipts"]) for r in rows] == [(content_hash(scaled(2)), 2)]


def test_the_aggregate_sums_the_latest_return_of_each_municipality(voivodeship, units):
    voivodeship.federation.receive(units[WROCLAW].envelope())
    voivodeship.federation.receive(units[WROCLAW].envelope(scaled(3)))  # a correction
    last = voivodeship.federation.receive(units[JELENIA_GORA].envelope(scaled(2)))

    aggregate = voivodeship.federation.aggregate(H1_2026, after=last.position)

    assert check_document(aggregate).level == "voivodeship"
    assert aggregate["unit"] == {"level": "voivodeship", "teryt": "02",
                                 "name": "Dolnośląskie"}
    assert aggregate["figures"] == scaled(5)
    assert aggregate["parts"] == [
        {"teryt": JELENIA_GORA, "content_hash": content_hash(scaled(2))},
        {"teryt": WROCLAW, "content_hash": content_hash(scaled(3))},
    ]
    assert aggregate["position"] == 0


def test_a_municipality_that_sent_the_old_layout_is_named_beside_the_sum_not_summed(
        voivodeship, units):
    voivodeship.federation.receive(units[WROCLAW].envelope(scaled(3)))
    old = units[JELENIA_GORA].document(scaled(2), layout=None)  # sent before layout "2026"
    last = voivodeship.federation.receive(sign(old, units[JELENIA_GORA].key))

    aggregate = voivodeship.federation.aggregate(H1_2026, after=last.position)
    status = voivodeship.federation.status(H1_2026, after=last.position)

    assert aggregate["figures"] == scaled(3)
    assert aggregate["parts"] == [{"teryt": WROCLAW, "content_hash": content_hash(scaled(3))}]
    assert aggregate["other_layouts"] == [
        {"teryt": JELENIA_GORA, "layout": "2025", "content_hash": content_hash(scaled(2))}]
    assert aggregate["layout"] == "2026"
    assert check_document(aggregate).level == "voivodeship"
    layouts = {u["teryt"]: u["layout"] for u in status["units"]}
    assert (layouts[WROCLAW], layouts[JELENIA_GORA]) == ("2026", "2025")


def test_a_document_in_an_unknown_layout_is_refused(units):
    document = units[WROCLAW].document(layout="1999")
    with pytest.raises(InvalidReturnDocumentError):
        check_document(document)


def test_nothing_to_sum_before_a_return_of_the_period_arrives(voivodeship, units):
    other_period = voivodeship.federation.receive(units[WROCLAW].envelope(part="Y"))

    with pytest.raises(NothingToAggregateError):
        voivodeship.federation.aggregate(H1_2026, after=other_period.position)


def test_status_shows_on_time_late_and_missing_units(voivodeship, units):
    voivodeship.federation.receive(units[WROCLAW].envelope())
    voivodeship.federation.now = lambda: LATE
    last = voivodeship.federation.receive(units[JELENIA_GORA].envelope())

    before = voivodeship.federation.status(H1_2026, today=date(2026, 7, 21),
                                           after=last.position)
    after = voivodeship.federation.status(H1_2026, today=date(2026, 7, 22),
                                          after=last.position)

    assert before["deadline"] == date(2026, 7, 21)
    assert {u["teryt"]: u["status"] for u in before["units"]} == {
        WROCLAW: "on_time", JELENIA_GORA: "late", KRAKOW: "missing"}
    assert {u["teryt"]: u["status"] for u in after["units"]}[KRAKOW] == "overdue"
    assert (after["submitted"], after["missing"]) == (2, 1)


def test_a_deadline_moved_by_settings_decides_on_time(settings, units):
    upper = settings.model_copy(update={
        "level": "voivodeship", "unit_teryt": "02", "unit_name": "Dolnośląskie",
        "return_deadlines": {"municipality.H1.2026": date(2026, 7, 24)}})
    with TeczkaSystem(upper, run_projectors=True) as system:
        system.federation.trusted.trust(WROCLAW, "Wrocław", units[WROCLAW].public_key)
        system.federation.now = lambda: LATE

        receipt = system.federation.receive(units[WROCLAW].envelope())

    assert receipt.on_time


def test_the_trust_registry_keeps_keys_and_refuses_a_bad_one(tmp_path, units):
    registry = TrustRegistry(tmp_path / "trust.json")

    registry.trust(WROCLAW, "Wrocław", units[WROCLAW].public_key)
    with pytest.raises(InvalidPublicKeyError):
        registry.trust(JELENIA_GORA, "Jelenia Góra", "not-a-key")

    assert set(TrustRegistry(tmp_path / "trust.json").units()) == {WROCLAW}


@pytest.fixture
def municipality(settings: Settings, units) -> Iterator[TeczkaSystem]:
    """Wrocław, whose voivodeship is at a loopback port where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{s.getsockname()[1]}"
    own = settings.model_copy(update={
        "unit_teryt": WROCLAW, "unit_name": "Wrocław", "upstream_url": nowhere,
        "federation_key": units[WROCLAW].seed, "federation_attempts": 2,
        "federation_timeout_s": 2.0})
    with TeczkaSystem(own, run_projectors=False) as system:
        yield system


def test_a_municipality_refuses_to_send_personal_data_before_any_connection(municipality,
                                                                            units):
    document = units[WROCLAW].document()
    document["figures"]["social_work"] = {"jan_kowalski_44051401458": 1}
    document["content_hash"] = content_hash(document["figures"])

    with pytest.raises(FigureNotAllowedError):
        municipality.federation.deliver_document(document)


def test_a_municipality_sends_only_its_own_return(municipality, units):
    with pytest.raises(InvalidReturnDocumentError):
        municipality.federation.deliver_document(units[JELENIA_GORA].document())


def test_an_unreachable_voivodeship_is_a_failed_delivery(municipality, units):
    with pytest.raises(DeliveryFailedError) as failed:
        municipality.federation.deliver_document(units[WROCLAW].document())

    assert failed.value.params["reason"] == "ConnectError"


def test_a_rebuilt_receipts_view_equals_the_live_one(settings, units):
    upper = settings.model_copy(update={"level": "voivodeship", "unit_teryt": "02",
                                        "unit_name": "Dolnośląskie"})
    with TeczkaSystem(upper, run_projectors=False) as system:
        for unit in (units[WROCLAW], units[JELENIA_GORA]):
            system.federation.trusted.trust(unit.teryt, unit.name, unit.public_key)
        system.federation.receive(units[WROCLAW].envelope())
        system.federation.receive(units[WROCLAW].envelope(scaled(2)))
        system.federation.receive(units[JELENIA_GORA].envelope())
        system.catch_up()
        projection = system.projection("received_returns")
        with system.engine.connect() as conn:
            live = projection.digest(conn, projection.tables(1))

        generation = system.rebuild("received_returns")
        system.catch_up()

        with system.engine.connect() as conn:
            assert projection.active_tables(conn)[0] is projection.tables(generation)
            rebuilt = projection.digest(conn, projection.tables(generation))
        rows = system.read_models.received_returns(2026, "H1")
    assert rebuilt == live
    assert [(r["teryt"], r["receipts"]) for r in rows] == [(JELENIA_GORA, 1), (WROCLAW, 2)]
