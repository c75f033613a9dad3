"""The handoff policy: what a decision sets off beyond its proceeding.

- A granting decision of a form the provider delivers (care at home, specialised care: the
  form's `places_service_order`) places the service order with the provider, with what the
  carers need to know to start (domain/handoff.py) — MCUS learns of it the moment it is
  decided, not weeks later on paper.
- An amendment of its care terms changes the running order (flagged for MCUS to
  acknowledge: `ServiceOrder.change_terms`).
- The order takes a place with the provider for its service, or waits in its queue when
  they are all held; ending it frees the place for the first waiting (services/care/places.py).
- A revocation ends the running order the same day; so does the appeals board's setting
  the decision aside (the case goes back for a new decision, which places its own order).
- The board's change of the decision's care terms (KPA art. 138 § 1 pkt 2) changes the
  running order like an amendment (`on_decision_amended`).
- A granting decision of a permanent form records the form on the case folder with its last
  day (art. 107 ust. 4 of the social assistance act: the environmental interview is then
  updated every six months instead of being carried out anew); an amendment records its new
  last day, a revocation or a decision set aside on appeal ends it. The permanent help ends
  when the last permanent form ends, and no update falls due after that.

The handlers of proceedings (services/proceedings/procedure.py) call these within the
decision's own unit of work (`Work`): what they place, change or note is saved in the same
transaction as the decision, so neither is ever recorded without the other.
"""

from __future__ import annotations

import contextlib
from datetime import date
from uuid import UUID, uuid5

from domain.care import CareTerms, CashTerms
from domain.case_folder import CaseFolder
from domain.handoff import Handoff
from domain.help import form_info
from domain.proceeding import Proceeding
from domain.service_order import ServiceOrder
from domain.user import User
from services.care.places import admit_order, free_place
from services.commands import AggregateNotFoundError
from services.proceedings.commands import CareNotes
from services.work import Work

ORDER_NAMESPACE = UUID("a3c1e0f2-5b6d-4e7f-8a9b-0c1d2e3f4a5b")


def order_id_for(decision_id: UUID) -> UUID:
    """The service order a care decision places (one per decision)."""
    return uuid5(ORDER_NAMESPACE, str(decision_id))


def on_decision_issued(work: Work, proceeding: Proceeding, folder: CaseFolder,
                       notes: CareNotes) -> None:
    """A granting care decision places its order; a granting permanent one notes permanent
    help on the folder (open: a closed folder refuses a decision before this)."""
    decision = proceeding.decision
    if decision is None:
        return
    if proceeding.places_service_order:
        order = _placed_order(work, proceeding, folder, notes)
        work.add(order)
        # Beyond the provider's places for the service, the order waits in its queue.
        admit_order(work, order)
    if decision.is_grant and form_info(proceeding.form).permanent and not folder.is_closed:
        # Art. 107 ust. 4: permanent help → the interview is updated every 6 months.
        folder.grant_permanent_form(decision.decision_id, decision.issued_on,
                                    _last_day(decision.care, decision.cash))
        work.add(folder)


def _last_day(care: CareTerms | None, cash: CashTerms | None) -> date | None:
    """The last day a decision's terms run (None: no end set)."""
    if care is not None:
        return care.period_to
    return cash.period_to if cash is not None else None


def _permanent_grant(proceeding: Proceeding) -> bool:
    decision = proceeding.decision
    return (decision is not None and decision.is_grant
            and form_info(proceeding.form).permanent)


def on_permanent_help_changed(work: Work, proceeding: Proceeding, on: date) -> None:
    """The folder's permanent form follows its decision: a new last day after an
    amendment, the end after a revocation or a decision set aside on appeal."""
    decision = proceeding.decision
    if decision is None or not _permanent_grant(proceeding):
        return
    folder = work.read(CaseFolder, proceeding.folder_id)
    if folder.is_closed or decision.decision_id not in folder.permanent_forms:
        return
    if decision.stands:
        folder.grant_permanent_form(decision.decision_id, decision.issued_on,
                                    _last_day(proceeding.care_terms, proceeding.cash_terms))
    else:
        folder.end_permanent_form(decision.decision_id, on)
    work.add(folder)


def on_decision_amended(work: Work, proceeding: Proceeding, care: CareTerms | None,
                        amended_on: date) -> None:
    """New care terms change the decision's running order (an amendment of cash only, or of
    a decision whose order has ended, changes none)."""
    order = _order_of(work, proceeding)
    if order is not None and care is not None and order.ended_on is None:
        order.change_terms(care, amended_on)
        work.add(order)


def on_decision_revoked(work: Work, proceeding: Proceeding, revoked_on: date,
                        reason: str) -> None:
    """The decision's running order ends the day it is revoked."""
    order = _order_of(work, proceeding)
    if order is not None and order.ended_on is None:
        order.end(revoked_on, f"Decyzja uchylona: {reason}")
        work.add(order)
        free_place(work, order)


def on_decision_set_aside(work: Work, proceeding: Proceeding, resolved_on: date) -> None:
    """The appeals board set the decision aside: its running order ends that day."""
    order = _order_of(work, proceeding)
    if order is not None and order.ended_on is None:
        order.end(resolved_on, "Decyzja uchylona przez SKO do ponownego rozpatrzenia")
        work.add(order)
        free_place(work, order)


def _placed_order(work: Work, proceeding: Proceeding, folder: CaseFolder,
                  notes: CareNotes) -> ServiceOrder:
    decision = proceeding.decision
    terms = proceeding.care_terms
    assert decision is not None and terms is not None  # places_service_order says so
    on = decision.issued_on
    person = folder.members[proceeding.person_id]
    worker_name = "—"
    if folder.worker_id is not None:
        with contextlib.suppress(AggregateNotFoundError):
            worker_name = work.read(User, folder.worker_id).display_name
    handoff = Handoff(
        client_name=person.full_name, address_line=folder.address.line,
        contact_phone=notes.contact_phone, access_notes=notes.access_notes,
        household_summary=household_summary(folder, on), health_notes=notes.health_notes,
        family_notes=notes.family_notes,
        social_worker_id=folder.worker_id or UUID(int=0), social_worker_name=worker_name,
        social_worker_phone=notes.social_worker_phone,
    )
    return ServiceOrder.place(
        order_id=order_id_for(decision.decision_id), provider_id=terms.provider_id,
        proceeding_id=proceeding.id, decision_id=decision.decision_id, folder_id=folder.id,
        person_id=proceeding.person_id, case_reference=proceeding.case_reference,
        form=proceeding.form, terms=terms, handoff=handoff, placed_on=on,
    )


def _order_of(work: Work, proceeding: Proceeding) -> ServiceOrder | None:
    """The order the proceeding's latest decision placed, if it placed one."""
    if proceeding.decision is None:
        return None
    try:
        return work.read(ServiceOrder, order_id_for(proceeding.decision.decision_id))
    except AggregateNotFoundError:
        return None


# A member's relation to the head as the carers read it (the summary is Polish text, kept in
# the order as they were told; the tablet's labels are tablet_ui/src/i18n/socialWorker.ts).
RELATION_PL = {
    "head": "głowa gospodarstwa", "spouse": "małżonek", "partner": "partner",
    "child": "dziecko", "parent": "rodzic", "sibling": "rodzeństwo", "grandchild": "wnuk",
    "grandparent": "dziadek/babcia", "other_relative": "inny krewny",
    "unrelated": "osoba niespokrewniona",
}


def household_summary(folder: CaseFolder, on: date) -> str:
    """Who lives with the client, as the carers are told: relation and age of each."""
    # Those in the household on that day, by the effective dates (not who ever lived there).
    members = sorted(folder.members_on(on).values(), key=lambda m: m.relation != "head")
    parts = [f"{RELATION_PL.get(m.relation, m.relation)} ({_age(m.birth_date, on)})"
             for m in members]
    return f"{len(members)} os.: " + ", ".join(parts)


def _age(born: date | None, on: date) -> str:
    if born is None:
        return "wiek nieznany"
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return f"{years} l."
