"""The live client view: a folder with its household, address, worker, interviews and timeline.

Also serves the lists built from the same rows: a worker's caseload and a team's folders.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection

from domain.bank_account import masked
from domain.calendar import interview_update_due_on
from domain.case_folder import ERASED, CaseFolder
from domain.proceeding import Proceeding
from domain.service_order import ServiceOrder
from domain.social_contract import SocialContract
from projections.batch import Batch
from projections.projection import Projection, Tables, handles
from projections.returns import occurred_on

# Observations raised in the last days count as open alerts on the caseload.
ALERT_DAYS = 14


def _address_dict(address: Any) -> dict[str, Any]:
    return {
        "street": address.street,
        "building": address.building,
        "flat": address.flat,
        "postal_code": address.postal_code,
        "city": address.city,
        "teryt": address.teryt,
        # A homeless person (art. 101 ust. 2): city and teryt name the municipality of the
        # last permanent residence.
        "no_fixed_address": bool(getattr(address, "no_fixed_address", False)),
        "meeting_place": getattr(address, "meeting_place", None),
    }


def _member_row(folder_id: UUID, member: Any, joined_on: date | None) -> dict[str, Any]:
    return {
        "joined_on": joined_on,
        "left_on": None,
        "end_kind": None,
        "end_reason": None,
        "folder_id": folder_id,
        "member_id": member.member_id,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "pesel": member.pesel,
        "document_kind": member.document.kind if member.document else None,
        "document_number": member.document.number if member.document else None,
        "birth_date": member.birth_date,
        "relation": member.relation,
    }


def _meta(event: Any) -> dict[str, Any]:
    return getattr(event, "meta", None) or {}


# Events that start a proceeding, an order or a contract shown in a folder.
NEW_SOURCES = (Proceeding.ApplicationFiled, Proceeding.ProceedingOpenedExOfficio,
               ServiceOrder.ServiceOrderPlaced, SocialContract.SocialContractSigned)


class ClientView(Projection):
    name = "client_view"

    def define_tables(self, metadata: MetaData, prefix: str) -> dict[str, Table]:
        return {
            "folders": Table(
                f"{prefix}_folders", metadata,
                Column("folder_id", Uuid, primary_key=True),
                Column("version", Integer, nullable=False),
                Column("team_id", String(32), nullable=False, index=True),
                Column("worker_id", Uuid, index=True),
                Column("status", String(16), nullable=False),
                Column("opened_on", Date, nullable=False),
                Column("closed_on", Date),
                Column("close_reason", Text),
                Column("address", JSON, nullable=False),
                Column("address_line", String(300), nullable=False),
                Column("head_member_id", Uuid),
                Column("head_name", String(200)),
                Column("permanent_help", Boolean, nullable=False, default=False),
                # The permanent forms granted: decision id → last day (None: no end set).
                Column("permanent_forms", JSON),
                Column("permanent_help_until", Date),
                Column("last_visit_on", Date),
                Column("next_interview_due_on", Date),
                Column("next_interview_id", Uuid),
                Column("last_interview_on", Date),
                Column("interview_update_due_on", Date),
                Column("updated_at", String(40)),
            ),
            "members": Table(
                f"{prefix}_members", metadata,
                Column("folder_id", Uuid, primary_key=True),
                Column("member_id", Uuid, primary_key=True),
                Column("first_name", String(80), nullable=False),
                Column("last_name", String(80), nullable=False),
                Column("pesel", String(11)),
                Column("document_kind", String(20)),
                Column("document_number", String(20)),
                Column("birth_date", Date),
                Column("relation", String(20), nullable=False),
                # Effective dates: when the member joined, left or died (the worker states
                # them; an old HouseholdMemberAdded is dated as it happened, as recorded).
                Column("joined_on", Date),
                Column("left_on", Date),
                Column("end_kind", String(8)),
                Column("end_reason", Text),
            ),
            "interviews": Table(
                f"{prefix}_interviews", metadata,
                Column("folder_id", Uuid, primary_key=True),
                Column("interview_id", Uuid, primary_key=True),
                Column("trigger_date", Date),
                Column("urgent", Boolean, nullable=False, default=False),
                Column("due_on", Date),
                Column("conducted_on", Date),
                Column("last_update_on", Date),
                Column("sections", JSON, nullable=False, default=dict),
                # The person's statement and the asset declaration (art. 107 ust. 5b).
                Column("statement", JSON),
                Column("assets", JSON),
            ),
            "timeline": Table(
                f"{prefix}_timeline", metadata,
                # The log position: unique, and the order in which things were recorded.
                Column("position", Integer, primary_key=True, autoincrement=False),
                Column("folder_id", Uuid, nullable=False, index=True),
                Column("source_id", Uuid, nullable=False),
                Column("version", Integer, nullable=False),
                Column("kind", String(40), nullable=False),
                Column("on_date", Date),
                Column("details", JSON, nullable=False),
                Column("actor_id", String(36)),
                Column("recorded_at", String(40)),
            ),
            # Proceedings and service orders, by the folder they belong to.
            "sources": Table(
                f"{prefix}_sources", metadata,
                Column("source_id", Uuid, primary_key=True),
                Column("folder_id", Uuid, nullable=False),
            ),
            "alerts": Table(
                f"{prefix}_alerts", metadata,
                Column("observation_id", Uuid, primary_key=True),
                Column("folder_id", Uuid, nullable=False, index=True),
                Column("order_id", Uuid, nullable=False),
                Column("kind", String(32), nullable=False),
                Column("note", Text, nullable=False),
                Column("raised_at", String(40), nullable=False),
                Column("raised_on", Date, nullable=False),
                Column("caregiver_id", Uuid, nullable=False),
            ),
        }

    # -- writing -------------------------------------------------------------------------

    def preload(self, batch: Batch, tables: Tables, events: list[Any]) -> None:
        folders = {e.originator_id for e in events if isinstance(e, CaseFolder.Event)}
        batch.preload(tables.folders, "folder_id", folders)
        batch.preload(tables.interviews, "folder_id", folders)
        batch.preload(tables.sources, "source_id", {
            e.originator_id for e in events
            if not isinstance(e, (CaseFolder.Event, *NEW_SOURCES))})

    def _touch(self, batch: Batch, t: Tables, event: Any, **values: Any) -> None:
        batch.update(t.folders, event.originator_id, version=event.originator_version,
                     updated_at=_meta(event).get("recorded_at"), **values)

    def _timeline(
        self, batch: Batch, t: Tables, event: Any, what: str, on: date | None,
        folder_id: UUID | None = None, **details: Any,
    ) -> None:
        meta = _meta(event)
        batch.insert(
            t.timeline,
            position=event.notification_id,
            folder_id=folder_id or event.originator_id,
            source_id=event.originator_id,
            version=event.originator_version,
            kind=what,
            on_date=on,
            details=details,
            actor_id=meta.get("actor_id"),
            recorded_at=meta.get("recorded_at"),
        )

    @handles(CaseFolder.CaseFolderOpened)
    def on_CaseFolderOpened(self, batch: Batch, t: Tables, e: CaseFolder.CaseFolderOpened) -> None:
        batch.insert(
            t.folders,
            folder_id=e.originator_id,
            version=e.originator_version,
            team_id=e.team_id,
            worker_id=e.worker_id,  # the social worker who opened it (None before 2026-12)
            status="open",
            opened_on=e.opened_on,
            address=_address_dict(e.address),
            address_line=e.address.line,
            head_member_id=e.head.member_id,
            head_name=e.head.full_name,
            permanent_help=False,
            updated_at=_meta(e).get("recorded_at"),
        )
        batch.insert(t.members, _member_row(e.originator_id, e.head, e.opened_on))
        self._timeline(batch, t, e, "folder_opened", e.opened_on, team_id=e.team_id)

    @handles(CaseFolder.HouseholdMemberAdded)
    def on_HouseholdMemberAdded(
        self, batch: Batch, t: Tables, e: CaseFolder.HouseholdMemberAdded
    ) -> None:
        batch.insert(t.members, _member_row(e.originator_id, e.member, occurred_on(e)))
        self._touch(batch, t, e)
        self._timeline(batch, t, e, "member_added", None, member_id=str(e.member.member_id),
                       name=e.member.full_name, relation=e.member.relation)

    @handles(CaseFolder.MemberJoined)
    def on_MemberJoined(self, batch: Batch, t: Tables, e: CaseFolder.MemberJoined) -> None:
        batch.insert(t.members, _member_row(e.originator_id, e.member, e.joined_on))
        self._touch(batch, t, e)
        self._timeline(batch, t, e, "member_added", e.joined_on,
                       member_id=str(e.member.member_id), name=e.member.full_name,
                       relation=e.member.relation)

    def _member_ended(self, batch: Batch, t: Tables, e: Any, on: date, end: str,
                      reason: str | None) -> None:
        member = (e.originator_id, e.member_id)
        batch.update(t.members, member, left_on=on, end_kind=end, end_reason=reason)
        self._touch(batch, t, e)
        self._timeline(batch, t, e, f"member_{end}", on, member_id=str(e.member_id),
                       name=_name(batch.get(t.members, member)), reason=reason)

    @handles(CaseFolder.MemberLeft)
    def on_MemberLeft(self, batch: Batch, t: Tables, e: CaseFolder.MemberLeft) -> None:
        self._member_ended(batch, t, e, e.left_on, "left", e.reason)

    @handles(CaseFolder.MemberDied)
    def on_MemberDied(self, batch: Batch, t: Tables, e: CaseFolder.MemberDied) -> None:
        self._member_ended(batch, t, e, e.died_on, "died", None)

    @handles(CaseFolder.MembershipCorrected)
    def on_MembershipCorrected(
        self, batch: Batch, t: Tables, e: CaseFolder.MembershipCorrected
    ) -> None:
        changes: dict[str, Any] = {}
        if e.joined_on is not None:
            changes["joined_on"] = e.joined_on
        if e.ended_on is not None:
            changes["left_on"] = e.ended_on
        batch.update(t.members, (e.originator_id, e.member_id), **changes)
        self._touch(batch, t, e)
        self._timeline(batch, t, e, "membership_corrected", None, member_id=str(e.member_id),
                       fields=sorted(changes))

    @handles(CaseFolder.HeadOfHouseholdChanged)
    def on_HeadOfHouseholdChanged(
        self, batch: Batch, t: Tables, e: CaseFolder.HeadOfHouseholdChanged
    ) -> None:
        if e.previous_head_id is not None:
            batch.update(t.members, (e.originator_id, e.previous_head_id),
                         relation=e.previous_head_relation)
        new_head = (e.originator_id, e.new_head_id)
        batch.update(t.members, new_head, relation="head")
        name = _name(batch.get(t.members, new_head))
        self._touch(batch, t, e, head_member_id=e.new_head_id, head_name=name)
        self._timeline(batch, t, e, "head_changed", e.changed_on,
                       member_id=str(e.new_head_id), name=name)

    @handles(CaseFolder.MemberDetailsCorrected)
    def on_MemberDetailsCorrected(
        self, batch: Batch, t: Tables, e: CaseFolder.MemberDetailsCorrected
    ) -> None:
        changes: dict[str, Any] = {}
        for name in ("first_name", "last_name", "pesel", "birth_date", "relation"):
            value = getattr(e, name, None)
            if value is not None:
                changes[name] = value
        document = getattr(e, "document", None)
        if document is not None:
            changes["document_kind"] = document.kind
            changes["document_number"] = document.number
        member = (e.originator_id, e.member_id)
        batch.update(t.members, member, **changes)
        folder_values: dict[str, Any] = {}
        head = batch.row(t.members, member)
        if head["relation"] == "head":
            folder_values["head_name"] = f"{head['first_name']} {head['last_name']}"
        self._touch(batch, t, e, **folder_values)
        self._timeline(batch, t, e, "member_corrected", None, member_id=str(e.member_id),
                       fields=sorted(changes))

    @handles(CaseFolder.AddressChanged)
    def on_AddressChanged(self, batch: Batch, t: Tables, e: CaseFolder.AddressChanged) -> None:
        self._touch(batch, t, e, address=_address_dict(e.address), address_line=e.address.line)
        self._timeline(batch, t, e, "address_changed", e.changed_on, address=e.address.line)

    @handles(CaseFolder.CareNotesUpdated)
    def on_CareNotesUpdated(self, batch: Batch, t: Tables, e: CaseFolder.CareNotesUpdated) -> None:
        self._touch(batch, t, e)
        self._timeline(batch, t, e, "care_notes_updated", None,
                       health_notes=e.health_notes, access_notes=e.access_notes)

    @handles(CaseFolder.FolderAssignedToWorker)
    def on_FolderAssignedToWorker(
        self, batch: Batch, t: Tables, e: CaseFolder.FolderAssignedToWorker
    ) -> None:
        self._touch(batch, t, e, worker_id=e.worker_id)
        self._timeline(batch, t, e, "assigned", None, worker_id=str(e.worker_id))

    @handles(CaseFolder.FolderTransferredToTeam)
    def on_FolderTransferredToTeam(
        self, batch: Batch, t: Tables, e: CaseFolder.FolderTransferredToTeam
    ) -> None:
        self._touch(batch, t, e, team_id=e.team_id, worker_id=None)
        self._timeline(batch, t, e, "transferred", None, team_id=e.team_id)

    @handles(CaseFolder.VisitRecorded)
    def on_VisitRecorded(self, batch: Batch, t: Tables, e: CaseFolder.VisitRecorded) -> None:
        v = e.visit
        folder = batch.get(t.folders, e.originator_id)
        last = folder["last_visit_on"] if folder is not None else None
        self._touch(batch, t, e, last_visit_on=max(filter(None, (last, v.visited_on))))
        self._timeline(batch, t, e, "visit", v.visited_on, visit_id=str(v.visit_id),
                       minutes=v.minutes, activity=v.activity, place=v.place, notes=v.notes)

    @handles(CaseFolder.InterviewScheduled)
    def on_InterviewScheduled(
        self, batch: Batch, t: Tables, e: CaseFolder.InterviewScheduled
    ) -> None:
        batch.insert(
            t.interviews,
            folder_id=e.originator_id, interview_id=e.interview_id,
            trigger_date=e.trigger_date, urgent=e.urgent, due_on=e.due_on, sections={},
        )
        self._refresh_interview_dates(batch, t, e)
        self._timeline(batch, t, e, "interview_scheduled", e.trigger_date,
                       interview_id=str(e.interview_id), urgent=e.urgent,
                       due_on=e.due_on.isoformat())

    @handles(CaseFolder.InterviewConducted)
    def on_InterviewConducted(
        self, batch: Batch, t: Tables, e: CaseFolder.InterviewConducted
    ) -> None:
        key = (e.originator_id, e.interview_id)
        values = {"conducted_on": e.conducted_on, "sections": dict(e.sections),
                  "statement": _part(getattr(e, "statement", None)),
                  "assets": _part(getattr(e, "assets", None))}
        if batch.get(t.interviews, key) is not None:
            batch.update(t.interviews, key, **values)
        else:
            batch.insert(t.interviews, folder_id=e.originator_id, interview_id=e.interview_id,
                         urgent=False, **values)
        self._refresh_interview_dates(batch, t, e)
        self._timeline(batch, t, e, "interview_conducted", e.conducted_on,
                       interview_id=str(e.interview_id), sections=sorted(e.sections))

    @handles(CaseFolder.InterviewUpdated)
    def on_InterviewUpdated(self, batch: Batch, t: Tables, e: CaseFolder.InterviewUpdated) -> None:
        key = (e.originator_id, e.interview_id)
        interview = batch.get(t.interviews, key)
        sections = (interview and interview["sections"]) or {}
        sections = {**sections, **{k: v for k, v in e.sections.items() if v and v.strip()}}
        batch.update(t.interviews, key, last_update_on=e.updated_on, sections=sections)
        self._refresh_interview_dates(batch, t, e)
        self._timeline(batch, t, e, "interview_updated", e.updated_on,
                       interview_id=str(e.interview_id), sections=sorted(e.sections))

    @handles(CaseFolder.PermanentHelpNoted)
    def on_PermanentHelpNoted(
        self, batch: Batch, t: Tables, e: CaseFolder.PermanentHelpNoted
    ) -> None:
        self._touch(batch, t, e, permanent_help=bool(e.on))
        self._refresh_interview_dates(batch, t, e)

    def _permanent_forms(self, batch: Batch, t: Tables, e: Any, decision_id: UUID,
                         until: date | None) -> None:
        row = batch.get(t.folders, e.originator_id)
        forms = dict((row and row["permanent_forms"]) or {})
        forms[str(decision_id)] = until.isoformat() if until is not None else None
        days = list(forms.values())
        last = None if None in days else max(date.fromisoformat(d) for d in days if d)
        self._touch(batch, t, e, permanent_help=True, permanent_forms=forms,
                    permanent_help_until=last)
        self._refresh_interview_dates(batch, t, e)

    @handles(CaseFolder.PermanentFormGranted)
    def on_PermanentFormGranted(
        self, batch: Batch, t: Tables, e: CaseFolder.PermanentFormGranted
    ) -> None:
        self._permanent_forms(batch, t, e, e.decision_id, e.until)

    @handles(CaseFolder.PermanentFormEnded)
    def on_PermanentFormEnded(
        self, batch: Batch, t: Tables, e: CaseFolder.PermanentFormEnded
    ) -> None:
        self._permanent_forms(batch, t, e, e.decision_id, e.ended_on - timedelta(days=1))

    # Incomes and bank accounts are read from the folder itself where they are used (the
    # decision's calculation, payments); the view keeps no IBAN (sealed personal data) but
    # its version moves, so a command sent with the version it shows is not refused as
    # stale. A recorded account is a timeline entry showing only its last four digits
    # (cleared with the other details at erasure).
    @handles(CaseFolder.IncomeDeclared)
    def on_IncomeDeclared(self, batch: Batch, t: Tables, e: CaseFolder.IncomeDeclared) -> None:
        self._touch(batch, t, e)

    @handles(CaseFolder.BankAccountRecorded)
    def on_BankAccountRecorded(
        self, batch: Batch, t: Tables, e: CaseFolder.BankAccountRecorded
    ) -> None:
        self._touch(batch, t, e)
        self._timeline(batch, t, e, "bank_account_recorded", None,
                       member_id=str(e.member_id), account=masked(e.iban))

    @handles(CaseFolder.ServicesProposed)
    def on_ServicesProposed(self, batch: Batch, t: Tables, e: CaseFolder.ServicesProposed) -> None:
        # What the catalogue proposed and the worker chose (issue #20): the manager reads it
        # on the timeline, the decision maker's form takes the reasons from it.
        self._touch(batch, t, e)
        self._timeline(batch, t, e, "services_proposed", e.proposed_on,
                       person_id=str(e.person_id), interview_id=str(e.interview_id),
                       catalogue_version=e.catalogue_version, matched=list(e.matched),
                       near_misses=list(e.near_misses), chosen=list(e.chosen),
                       reasons=list(e.facts.get("reasons", [])),
                       justifications=dict(e.justifications))

    @handles(CaseFolder.CaseFolderClosed)
    def on_CaseFolderClosed(self, batch: Batch, t: Tables, e: CaseFolder.CaseFolderClosed) -> None:
        self._touch(batch, t, e, status="closed", closed_on=e.closed_on, close_reason=e.reason)
        self._timeline(batch, t, e, "folder_closed", e.closed_on, reason=e.reason)

    @handles(CaseFolder.PersonalDataErased)
    def on_PersonalDataErased(
        self, batch: Batch, t: Tables, e: CaseFolder.PersonalDataErased
    ) -> None:
        folder = e.originator_id
        teryt = batch.row(t.folders, folder)["address"]["teryt"]
        self._touch(batch, t, e, status="erased", head_name=ERASED, address_line=ERASED,
                    address={"street": ERASED, "building": "", "flat": None,
                             "postal_code": "", "city": "", "teryt": teryt,
                             "no_fixed_address": False, "meeting_place": None},
                    close_reason=None)
        batch.execute(update(t.members).where(t.members.c.folder_id == folder).values(
            first_name=ERASED, last_name="", pesel=None, document_kind=None,
            document_number=None, birth_date=None, end_reason=None,
        ))
        batch.execute(update(t.interviews).where(t.interviews.c.folder_id == folder)
                     .values(sections={}, statement=None, assets=None))
        batch.execute(update(t.timeline).where(t.timeline.c.folder_id == folder)
                     .values(details={}))
        batch.execute(update(t.alerts).where(t.alerts.c.folder_id == folder).values(note=""))
        self._timeline(batch, t, e, "personal_data_erased", e.erased_on)

    # -- proceedings and care orders, shown in their folder ----------------------------------

    def _source(self, batch: Batch, t: Tables, e: Any) -> UUID | None:
        source = batch.get(t.sources, e.originator_id)
        return source["folder_id"] if source is not None else None

    def _elsewhere(self, batch: Batch, t: Tables, e: Any, what: str, on: date | None,
                   **details: Any) -> None:
        folder = self._source(batch, t, e)
        if folder is not None:
            self._timeline(batch, t, e, what, on, folder_id=folder, **details)

    def _new_source(self, batch: Batch, t: Tables, e: Any) -> None:
        batch.insert(t.sources, source_id=e.originator_id, folder_id=e.folder_id)

    @handles(Proceeding.ApplicationFiled)
    def on_ApplicationFiled(self, batch: Batch, t: Tables, e: Proceeding.ApplicationFiled) -> None:
        self._new_source(batch, t, e)
        self._elsewhere(batch, t, e, "application_filed", e.filed_on, form=e.form,
                        applicant=e.applicant, case_reference=e.case_reference)

    @handles(Proceeding.ProceedingOpenedExOfficio)
    def on_ProceedingOpenedExOfficio(
        self, batch: Batch, t: Tables, e: Proceeding.ProceedingOpenedExOfficio
    ) -> None:
        self._new_source(batch, t, e)
        self._elsewhere(batch, t, e, "proceeding_opened", e.opened_on, form=e.form,
                        case_reference=e.case_reference)

    @handles(Proceeding.DecisionIssued)
    def on_DecisionIssued(self, batch: Batch, t: Tables, e: Proceeding.DecisionIssued) -> None:
        self._elsewhere(batch, t, e, "decision_issued", e.issued_on, form=e.form,
                        outcome=e.outcome, reasons=list(e.reasons),
                        proceeding_id=str(e.originator_id))

    @handles(Proceeding.DocumentIssued)
    def on_DocumentIssued(self, batch: Batch, t: Tables, e: Proceeding.DocumentIssued) -> None:
        # The folder's documents (art. 107 KPA), each downloadable by who may read the folder:
        # GET /api/proceedings/{proceeding_id}/documents/{document_id}.
        self._elsewhere(batch, t, e, "document_issued", e.issued_on, kind=e.kind,
                        document_id=e.document_id, sha256=e.sha256,
                        proceeding_id=str(e.originator_id))

    @handles(Proceeding.DecisionAmended)
    def on_DecisionAmended(self, batch: Batch, t: Tables, e: Proceeding.DecisionAmended) -> None:
        self._elsewhere(batch, t, e, "decision_amended", e.amended_on, reason=e.reason)

    @handles(Proceeding.DecisionRevoked)
    def on_DecisionRevoked(self, batch: Batch, t: Tables, e: Proceeding.DecisionRevoked) -> None:
        self._elsewhere(batch, t, e, "decision_revoked", e.revoked_on, reason=e.reason)

    @handles(Proceeding.DecisionDelivered)
    def on_DecisionDelivered(
        self, batch: Batch, t: Tables, e: Proceeding.DecisionDelivered
    ) -> None:
        self._elsewhere(batch, t, e, "decision_delivered", e.delivered_on)

    @handles(Proceeding.AppealFiled)
    def on_AppealFiled(self, batch: Batch, t: Tables, e: Proceeding.AppealFiled) -> None:
        self._elsewhere(batch, t, e, "appeal_filed", e.filed_on)

    @handles(Proceeding.ApplicationSigned)
    def on_ApplicationSigned(
        self, batch: Batch, t: Tables, e: Proceeding.ApplicationSigned
    ) -> None:
        # The timeline says who signed, never the image (it stays sealed in the log).
        self._elsewhere(batch, t, e, "application_signed", None, applicant=e.applicant)

    @handles(Proceeding.AppealResolved)
    def on_AppealResolved(self, batch: Batch, t: Tables, e: Proceeding.AppealResolved) -> None:
        self._elsewhere(batch, t, e, "appeal_resolved", e.resolved_on, upheld=e.decision_upheld)

    # The course of the procedure (KPA, issue #18), on the folder's timeline.
    @handles(Proceeding.ProceedingMarkedComplicated)
    def on_ProceedingMarkedComplicated(
        self, batch: Batch, t: Tables, e: Proceeding.ProceedingMarkedComplicated
    ) -> None:
        self._elsewhere(batch, t, e, "proceeding_complicated", e.marked_on, reason=e.reason)

    @handles(Proceeding.DelayNoticeIssued)
    def on_DelayNoticeIssued(self, batch: Batch, t: Tables, e: Proceeding.DelayNoticeIssued
                             ) -> None:
        self._elsewhere(batch, t, e, "delay_notice_issued", e.issued_on, reason=e.reason,
                        new_date=e.new_date.isoformat())

    # Undue benefits (art. 98 u.p.s.) and summonses (art. 50 KPA): entries of the history;
    # the balance owed is the payments read model's (`receivables`).
    @handles(Proceeding.ReclaimDecided)
    def on_ReclaimDecided(self, batch: Batch, t: Tables, e: Proceeding.ReclaimDecided) -> None:
        self._elsewhere(batch, t, e, "reclaim_decided", e.issued_on, amount=str(e.amount),
                        basis=e.basis, reclaim_id=str(e.reclaim_id),
                        proceeding_id=str(e.originator_id))

    @handles(Proceeding.RepaymentRecorded)
    def on_RepaymentRecorded(self, batch: Batch, t: Tables, e: Proceeding.RepaymentRecorded
                             ) -> None:
        self._elsewhere(batch, t, e, "repayment_recorded", e.paid_on, amount=str(e.amount),
                        method=e.method, reclaim_id=str(e.reclaim_id))

    @handles(Proceeding.ReclaimWrittenOff)
    def on_ReclaimWrittenOff(self, batch: Batch, t: Tables, e: Proceeding.ReclaimWrittenOff
                             ) -> None:
        self._elsewhere(batch, t, e, "reclaim_written_off", e.decided_on, kind=e.kind,
                        amount=str(e.amount), reason=e.reason, reclaim_id=str(e.reclaim_id))

    @handles(Proceeding.SummonsIssued)
    def on_SummonsIssued(self, batch: Batch, t: Tables, e: Proceeding.SummonsIssued) -> None:
        self._elsewhere(batch, t, e, "summons_issued", e.issued_on, purpose=e.purpose,
                        subject=e.subject, due_on=e.due_on.isoformat(),
                        proceeding_id=str(e.originator_id))

    @handles(Proceeding.ProceedingSuspended)
    def on_ProceedingSuspended(self, batch: Batch, t: Tables, e: Proceeding.ProceedingSuspended
                               ) -> None:
        self._elsewhere(batch, t, e, "proceeding_suspended", e.suspended_on, reason=e.reason)

    @handles(Proceeding.ProceedingResumed)
    def on_ProceedingResumed(self, batch: Batch, t: Tables, e: Proceeding.ProceedingResumed
                             ) -> None:
        self._elsewhere(batch, t, e, "proceeding_resumed", e.resumed_on)

    @handles(Proceeding.ProceedingDiscontinued)
    def on_ProceedingDiscontinued(
        self, batch: Batch, t: Tables, e: Proceeding.ProceedingDiscontinued
    ) -> None:
        self._elsewhere(batch, t, e, "proceeding_discontinued", e.discontinued_on,
                        reason=e.reason)

    @handles(Proceeding.ProceedingWithdrawn)
    def on_ProceedingWithdrawn(self, batch: Batch, t: Tables, e: Proceeding.ProceedingWithdrawn
                               ) -> None:
        self._elsewhere(batch, t, e, "application_withdrawn", e.withdrawn_on)

    @handles(Proceeding.AppealWaived)
    def on_AppealWaived(self, batch: Batch, t: Tables, e: Proceeding.AppealWaived) -> None:
        self._elsewhere(batch, t, e, "appeal_waived", e.waived_on)

    @handles(Proceeding.DecisionChangedOnAppeal)
    def on_DecisionChangedOnAppeal(
        self, batch: Batch, t: Tables, e: Proceeding.DecisionChangedOnAppeal
    ) -> None:
        self._elsewhere(batch, t, e, "decision_changed_on_appeal", e.resolved_on,
                        reason=e.reason)

    @handles(SocialContract.SocialContractSigned)
    def on_SocialContractSigned(
        self, batch: Batch, t: Tables, e: SocialContract.SocialContractSigned
    ) -> None:
        self._new_source(batch, t, e)
        self._elsewhere(batch, t, e, "social_contract_signed", e.signed_on,
                        contract_id=str(e.originator_id), member_id=str(e.member_id),
                        ends_on=e.ends_on.isoformat(), goals=e.goals)

    @handles(SocialContract.SocialContractClosed)
    def on_SocialContractClosed(
        self, batch: Batch, t: Tables, e: SocialContract.SocialContractClosed
    ) -> None:
        self._elsewhere(batch, t, e, "social_contract_closed", e.closed_on,
                        contract_id=str(e.originator_id), outcome=e.outcome)

    @handles(Proceeding.DecisionFinal)
    def on_DecisionFinal(self, batch: Batch, t: Tables, e: Proceeding.DecisionFinal) -> None:
        self._elsewhere(batch, t, e, "decision_final", e.final_on)

    @handles(ServiceOrder.ServiceOrderPlaced)
    def on_ServiceOrderPlaced(
        self, batch: Batch, t: Tables, e: ServiceOrder.ServiceOrderPlaced
    ) -> None:
        self._new_source(batch, t, e)
        self._elsewhere(batch, t, e, "order_placed", e.placed_on, provider_id=e.provider_id,
                        form=e.form, order_id=str(e.originator_id))

    @handles(ServiceOrder.ServiceOrderAccepted)
    def on_ServiceOrderAccepted(
        self, batch: Batch, t: Tables, e: ServiceOrder.ServiceOrderAccepted
    ) -> None:
        self._elsewhere(batch, t, e, "order_accepted", e.accepted_on)

    @handles(ServiceOrder.CaregiverAssigned)
    def on_CaregiverAssigned(
        self, batch: Batch, t: Tables, e: ServiceOrder.CaregiverAssigned
    ) -> None:
        self._elsewhere(batch, t, e, "caregiver_assigned", None)

    @handles(ServiceOrder.ServiceOrderChanged)
    def on_ServiceOrderChanged(
        self, batch: Batch, t: Tables, e: ServiceOrder.ServiceOrderChanged
    ) -> None:
        self._elsewhere(batch, t, e, "order_changed", e.amended_on,
                        hours_per_week=str(e.terms.hours_per_week))

    @handles(ServiceOrder.ServiceOrderSuspended)
    def on_ServiceOrderSuspended(
        self, batch: Batch, t: Tables, e: ServiceOrder.ServiceOrderSuspended
    ) -> None:
        self._elsewhere(batch, t, e, "order_suspended", e.on, reason=e.reason)

    @handles(ServiceOrder.ServiceOrderResumed)
    def on_ServiceOrderResumed(
        self, batch: Batch, t: Tables, e: ServiceOrder.ServiceOrderResumed
    ) -> None:
        self._elsewhere(batch, t, e, "order_resumed", e.on)

    @handles(ServiceOrder.ServiceOrderEnded)
    def on_ServiceOrderEnded(
        self, batch: Batch, t: Tables, e: ServiceOrder.ServiceOrderEnded
    ) -> None:
        self._elsewhere(batch, t, e, "order_ended", e.on, reason=e.reason)

    @handles(ServiceOrder.CaregiverObservationRaised)
    def on_CaregiverObservationRaised(
        self, batch: Batch, t: Tables, e: ServiceOrder.CaregiverObservationRaised
    ) -> None:
        folder = self._source(batch, t, e)
        if folder is None:
            return
        batch.insert(
            t.alerts, observation_id=e.observation_id, folder_id=folder,
            order_id=e.originator_id, kind=e.kind, note=e.note,
            raised_at=e.raised_at.isoformat(), raised_on=e.raised_at.date(),
            caregiver_id=e.caregiver_id,
        )
        self._elsewhere(batch, t, e, "observation", e.raised_at.date(), kind=e.kind, note=e.note)

    def _refresh_interview_dates(self, batch: Batch, t: Tables, e: Any) -> None:
        folder = e.originator_id
        interviews = batch.rows_where(t.interviews, "folder_id", folder)
        # The interview that is due: the earliest scheduled one not yet conducted.
        waiting = sorted((i for i in interviews
                          if i["conducted_on"] is None and i["due_on"] is not None),
                         key=lambda i: (i["due_on"], str(i["interview_id"])))
        next_due = waiting[0]["due_on"] if waiting else None
        last = max(filter(None, (i["last_update_on"] or i["conducted_on"] for i in interviews)),
                   default=None)
        row = batch.get(t.folders, folder)
        permanent = row["permanent_help"] if row is not None else None
        until = row["permanent_help_until"] if row is not None else None
        # Art. 107: an update at least every 6 months for people on permanent help, and
        # none due after the last permanent form has ended.
        update_due = interview_update_due_on(last) if (permanent and last) else None
        if update_due is not None and until is not None and update_due > until:
            update_due = None
        self._touch(
            batch, t, e,
            next_interview_due_on=next_due, last_interview_on=last,
            interview_update_due_on=update_due,
            next_interview_id=waiting[0]["interview_id"] if waiting else None,
        )

    # -- reading -------------------------------------------------------------------------

    def client_view(self, conn: Connection, t: Tables, folder_id: UUID, today: date) -> dict | None:
        folder = conn.execute(select(t.folders).where(t.folders.c.folder_id == folder_id)).first()
        if folder is None:
            return None
        members = conn.execute(
            select(t.members).where(t.members.c.folder_id == folder_id)
            .order_by(t.members.c.relation != "head", t.members.c.last_name)
        ).mappings().all()
        interviews = conn.execute(
            select(t.interviews).where(t.interviews.c.folder_id == folder_id)
            .order_by(t.interviews.c.due_on)
        ).mappings().all()
        timeline = conn.execute(
            select(t.timeline).where(t.timeline.c.folder_id == folder_id)
            .order_by(t.timeline.c.position.desc())
        ).mappings().all()
        alerts = conn.execute(
            select(t.alerts).where(t.alerts.c.folder_id == folder_id)
            .order_by(t.alerts.c.raised_at.desc())
        ).mappings().all()
        view = _folder_summary(folder, today)
        until = folder.permanent_help_until
        view.update(
            opened_on=folder.opened_on,
            closed_on=folder.closed_on,
            address=_with_homeless_keys(folder.address),
            permanent_help=bool(folder.permanent_help) and (until is None or until >= today),
            permanent_help_until=until,
            household_size=sum(1 for m in members if _member_on(m, today)),
            members=[dict(m) for m in members],
            interviews=[dict(i) for i in interviews],
            timeline=[dict(entry) for entry in timeline],
            observations=[dict(a) for a in alerts],
            alerts=sum(1 for a in alerts if a.raised_on >= today - timedelta(days=ALERT_DAYS)),
            interview={
                "due_on": folder.next_interview_due_on,
                "last_on": folder.last_interview_on,
                "update_due_on": folder.interview_update_due_on,
                "overdue": _interview_overdue(folder, today),
                "due_interview_id": folder.next_interview_id,
            },
        )
        return view

    def caseload(self, conn: Connection, t: Tables, worker_id: UUID, today: date) -> list[dict]:
        f = t.folders.c
        rows = conn.execute(
            select(t.folders).where(f.worker_id == worker_id, f.status == "open")
            .order_by(f.head_name)
        )
        return self._with_alerts(conn, t, [_folder_summary(r, today) for r in rows], today)

    def _with_alerts(self, conn: Connection, t: Tables, rows: list[dict], today: date) -> list:
        """Add to each folder the caregivers' observations of the last days."""
        if not rows:
            return rows
        a = t.alerts.c
        counts: dict[UUID, int] = dict(conn.execute(
            select(a.folder_id, func.count())
            .where(a.folder_id.in_([r["folder_id"] for r in rows]),
                   a.raised_on >= today - timedelta(days=ALERT_DAYS))
            .group_by(a.folder_id)
        ).all())
        for row in rows:
            row["alerts"] = counts.get(row["folder_id"], 0)
        return rows

    def team_folders(self, conn: Connection, t: Tables, team_id: str, today: date) -> list[dict]:
        f = t.folders.c
        rows = conn.execute(
            select(t.folders).where(f.team_id == team_id, f.status == "open").order_by(f.head_name)
        )
        return self._with_alerts(conn, t, [_folder_summary(r, today) for r in rows], today)

    def team_follow_ups(
        self, conn: Connection, t: Tables, team_id: str, today: date, observation_days: int
    ) -> tuple[list[dict], list[dict]]:
        """The team's open folders whose interview (or its update) is overdue, the longest
        overdue first; and the caregivers' observations raised at least `observation_days`
        ago on open folders that no visit has followed since, the oldest first."""
        f, a = t.folders.c, t.alerts.c
        rows = conn.execute(select(t.folders).where(f.team_id == team_id, f.status == "open"))
        interviews = []
        for r in rows:
            if _interview_overdue(r, today):
                summary = _folder_summary(r, today)
                due = min(d for d in (r.next_interview_due_on, r.interview_update_due_on) if d)
                interviews.append(summary | {"interview_due_on": due,
                                             "days_overdue": (today - due).days})
        interviews.sort(key=lambda r: (-r["days_overdue"], str(r["folder_id"])))
        unanswered = conn.execute(
            select(a.observation_id, a.folder_id, a.kind, a.raised_on, f.head_name, f.worker_id)
            .join(t.folders, f.folder_id == a.folder_id)
            .where(f.team_id == team_id, f.status == "open",
                   a.raised_on <= today - timedelta(days=observation_days),
                   or_(f.last_visit_on.is_(None), f.last_visit_on < a.raised_on))
            .order_by(a.raised_on, a.observation_id)
        ).mappings()
        observations = [dict(o) | {"days_open": (today - o["raised_on"]).days}
                        for o in unanswered]
        return interviews, observations

    def folders_by_id(self, conn: Connection, t: Tables, folder_ids: list[UUID],
                      today: date) -> list[dict]:
        """Summaries of these folders (a return check's drill-down), by head's name."""
        if not folder_ids:
            return []
        f = t.folders.c
        rows = conn.execute(select(t.folders).where(f.folder_id.in_(folder_ids))
                            .order_by(f.head_name))
        return [_folder_summary(r, today) for r in rows]

    def folder_scope(
        self, conn: Connection, t: Tables, folder_id: UUID
    ) -> tuple[str, UUID | None] | None:
        """(team, worker) of a folder, for authorisation; None if unknown."""
        row = conn.execute(
            select(t.folders.c.team_id, t.folders.c.worker_id)
            .where(t.folders.c.folder_id == folder_id)
        ).first()
        return (row.team_id, row.worker_id) if row else None

    def folder_labels(
        self, conn: Connection, t: Tables, folder_ids: set[UUID]
    ) -> dict[UUID, tuple[str, str | None]]:
        """(team, the head of household's name) of these folders, for lists that name them."""
        if not folder_ids:
            return {}
        f = t.folders.c
        rows = conn.execute(select(f.folder_id, f.team_id, f.head_name)
                            .where(f.folder_id.in_(folder_ids)))
        return {r.folder_id: (r.team_id, r.head_name) for r in rows}

    def member_names(self, conn: Connection, t: Tables, member_ids: set[UUID]) -> dict[UUID, str]:
        """The names of these household members ("first last"), for lists that name a party."""
        if not member_ids:
            return {}
        m = t.members.c
        rows = conn.execute(select(m.member_id, m.first_name, m.last_name)
                            .where(m.member_id.in_(member_ids)))
        return {r.member_id: f"{r.first_name} {r.last_name}" for r in rows}

    def closed_on_or_before(self, conn: Connection, t: Tables, deadline: date) -> list[UUID]:
        """Closed, not yet erased folders closed on or before `deadline`."""
        f = t.folders.c
        rows = conn.execute(select(f.folder_id).where(f.status == "closed",
                                                      f.closed_on <= deadline))
        return [r.folder_id for r in rows]

    def count_rows(self, conn: Connection, t: Tables) -> dict[str, int]:
        return {
            name: conn.execute(select(func.count()).select_from(getattr(t, name))).scalar_one()
            for name in ("folders", "members", "interviews", "timeline")
        }


def _part(value: Any) -> dict[str, Any] | None:
    """An interview's statement or asset declaration as JSON (dates as ISO text)."""
    if value is None:
        return None
    return {name: item.isoformat() if isinstance(item, date) else item
            for name, item in vars(value).items()}


def _name(member: Any) -> str:
    return f"{member['first_name']} {member['last_name']}" if member is not None else ""


def _member_on(member: Any, day: date) -> bool:
    """Whether a member row counts in the household on `day` (by its effective dates)."""
    joined = member["joined_on"] is None or member["joined_on"] <= day
    return joined and (member["left_on"] is None or day < member["left_on"])


def _with_homeless_keys(address: dict[str, Any]) -> dict[str, Any]:
    # Rows written before homeless people could be registered lack the two keys.
    return {"no_fixed_address": False, "meeting_place": None, **address}


def _interview_overdue(folder: Any, today: date) -> bool:
    due = [d for d in (folder.next_interview_due_on, folder.interview_update_due_on) if d]
    return any(d < today for d in due)


def _folder_summary(folder: Any, today: date) -> dict[str, Any]:
    return {
        "folder_id": folder.folder_id,
        "version": folder.version,
        "team_id": folder.team_id,
        "worker_id": folder.worker_id,
        "status": folder.status,
        "head_name": folder.head_name,
        "address_line": folder.address_line,
        "last_visit_on": folder.last_visit_on,
        "interview_due_on": folder.next_interview_due_on or folder.interview_update_due_on,
        "interview_overdue": _interview_overdue(folder, today),
    }

