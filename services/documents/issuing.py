"""Documents issued by a proceeding: rendered from its events when a decision or notice is
issued, their SHA-256 recorded (`DocumentIssued`) in the same unit of work, and rendered
again, identically, to be downloaded.

A document is rendered from the proceeding as it was at `source_version` (the event that
issued it, whose own fields — a reason, a new date — it states too), the party as the
folder named them at `folder_version`, and the authority recorded with it; the templates
and renderer are the ones named. Nothing read at download time can change it.
"""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.case_folder import CaseFolder
from domain.decision import DecisionRecord
from domain.documents import (
    Authority,
    DocumentError,
    DocumentKind,
    DocumentNotFoundError,
    IssuedDocument,
    Party,
    document_facts,
    reclaim_facts,
    summons_facts,
)
from domain.errors import DomainConflictError
from domain.proceeding import Proceeding
from services.application import CommandApplication
from services.commands import FolderNotFoundError
from services.documents.rendering import RENDERER, TEMPLATE_VERSION, render_pdf, sha256
from services.settings import Settings
from services.work import Work


class DocumentNotReproducibleError(DocumentError, DomainConflictError):
    """Rendered again, the document is not the one issued (another template or renderer):
    it is never answered in its place."""

    code = "document.not_reproducible"


def authority_of(settings: Settings) -> Authority:
    return Authority(name=settings.authority_name, address=settings.authority_address,
                     place=settings.authority_place, signatory=settings.authority_signatory)


def _facts(kind: DocumentKind, proceeding: Proceeding, trigger: Any, folder: CaseFolder,
           authority: Authority, issued_on: Any) -> dict[str, Any]:
    """What the document states, from the proceeding, the event that issued it and the
    folder: pure reading, so the same events give the same facts."""
    member = folder.members.get(proceeding.person_id)
    party = Party(name=member.full_name if member is not None else "",
                  address=folder.address.line)
    decision: DecisionRecord | None = proceeding.decision
    extra: dict[str, Any] | None = None
    if kind in (DocumentKind.DELAY_NOTICE, DocumentKind.SUMMONS):
        decision = None
    if kind is DocumentKind.SUMMONS:
        extra = summons_facts(purpose=trigger.purpose, subject=trigger.subject,
                              due_on=trigger.due_on, place=trigger.place)
    if kind is DocumentKind.RECLAIM:
        granted = proceeding.decisions[trigger.decision_id]
        decision = None  # the reclaim is its own decision: its terms are the trigger's
        extra = reclaim_facts(
            amount=trigger.amount, basis=trigger.basis, period_from=trigger.period_from,
            period_to=trigger.period_to, instalments=trigger.instalments,
            signatory=trigger.signatory, decision_date=granted.issued_on)
    return document_facts(
        kind, issued_on=issued_on, case_reference=proceeding.case_reference,
        form=proceeding.form, party=party, authority=authority, decision=decision,
        reason=getattr(trigger, "reason", ""), new_date=getattr(trigger, "new_date", None),
        application_on=proceeding.opened_on, extra=extra)


def document_id_of(proceeding_id: UUID, kind: DocumentKind, source_version: int) -> str:
    """The same command retried names the same document."""
    return str(uuid5(NAMESPACE_URL, f"teczka:document:{proceeding_id}:{kind}:{source_version}"))


def issue_document(work: Work, proceeding: Proceeding, folder: CaseFolder,
                   kind: DocumentKind) -> None:
    """Render the document the proceeding's latest event issues and record its SHA-256."""
    trigger = proceeding.pending_events[-1]
    issued_on = _issued_on(trigger)
    authority = authority_of(work.app.settings)
    pdf = render_pdf(kind, _facts(kind, proceeding, trigger, folder, authority, issued_on),
                     issued_on)
    proceeding.record_document(
        document_id=document_id_of(proceeding.id, kind, proceeding.version), kind=kind,
        issued_on=issued_on, sha256=sha256(pdf), source_version=proceeding.version,
        folder_version=folder.version, template_version=TEMPLATE_VERSION, renderer=RENDERER,
        authority=authority)


def _issued_on(event: Any) -> Any:
    for field in ("issued_on", "amended_on", "revoked_on"):
        if hasattr(event, field):
            return getattr(event, field)
    raise TypeError(f"{type(event).__name__} issues no document")


def document_pdf(app: CommandApplication, proceeding: Proceeding,
                 document_id: str) -> tuple[IssuedDocument, bytes]:
    """The document rendered again from the events it was issued from, checked against the
    SHA-256 recorded when it was issued. Blocking and CPU-bound: run it in a thread."""
    document = proceeding.documents.get(document_id)
    if document is None:
        raise DocumentNotFoundError(id=document_id)
    if document.template_version != TEMPLATE_VERSION or document.renderer != RENDERER:
        raise DocumentNotReproducibleError(document_id=document_id)
    version = document.source_version
    then = app.repository.get(proceeding.id, version=version)
    trigger = next(iter(app.events.get(proceeding.id, gt=version - 1, lte=version)))
    folder = app.repository.get(proceeding.folder_id, version=document.folder_version)
    if not isinstance(folder, CaseFolder):
        raise FolderNotFoundError(id=str(proceeding.folder_id))
    kind = DocumentKind(document.kind)
    pdf = render_pdf(kind, _facts(kind, then, trigger, folder, document.authority,
                                  document.issued_on), document.issued_on)
    if sha256(pdf) != document.sha256:
        raise DocumentNotReproducibleError(document_id=document_id)
    return document, pdf
