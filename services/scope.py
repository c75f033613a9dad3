"""Who may change what: each role's scope over each kind of aggregate, for commands.

One rule per kind of aggregate, asked about the aggregate as loaded, before its version or
state is looked at (`Work.change(..., in_scope=...)`, services/work.py). Out of scope, a command
answers as if the aggregate did not exist (the kind's 404), so a refused person learns neither
its version nor its state. A command that creates an aggregate has nothing to hide and is
refused 403 instead (`NotPermittedError`, or `OutsideTeamError` for another team's folder).

The rules are those of DESIGN.md ("Users and what each may see") and of the reads
(api/routes/views.py `may_read_folder`, the handoff and caregiver reads): a command never
reaches further than its person may read. docs/privacy.md lists them.
"""

from __future__ import annotations

from domain.case_folder import CaseFolder
from domain.proceeding import Proceeding
from domain.service_order import ServiceOrder
from domain.user import Role
from projections.proceedings import OPEN as OPEN_PROCEEDING_STATUSES
from services.commands import CommandContext
from services.errors import ServiceError

# Roles that work on the folders of their own unit (team) only, and on what hangs off those
# folders: their proceedings and social contracts.
TEAM_SCOPED_ROLES = frozenset({Role.SOCIAL_WORKER.value, Role.MANAGER.value})


class NotPermittedError(ServiceError):
    """The person's role may never run this command (→ 403)."""

    code = "auth.forbidden"


def may_change_folder(ctx: CommandContext, folder: CaseFolder) -> bool:
    """Social workers and managers: the folders of their own team. Nobody else changes a
    folder by a command of its own; a decision changes one only as the policy of a proceeding
    in scope (`may_change_proceeding`), and IT erases one only at the end of retention
    (`may_erase_personal_data`)."""
    return ctx.role in TEAM_SCOPED_ROLES and folder.team_id == ctx.unit


def may_file_application(ctx: CommandContext, folder: CaseFolder) -> bool:
    """An application is filed in a folder in scope, or by first contact in a folder it
    registered itself (at the counter or by phone; it sees nothing else)."""
    if ctx.role == Role.FIRST_CONTACT.value:
        return folder.registered_by == ctx.actor_id
    return may_change_folder(ctx, folder)


def may_change_proceeding(ctx: CommandContext, proceeding: Proceeding, folder: CaseFolder, *,
                          changes_decision: bool = False) -> bool:
    """Social workers and managers: the proceedings of their team's folders (`folder` is the
    proceeding's own). Decision makers: open proceedings — waiting for a decision, or decided
    and not yet final (the `OPEN` statuses their reads show) — for every command; and any
    proceeding to amend or revoke its decision (`changes_decision`), as the authority may
    change or revoke its decisions after they became final (KPA art. 155 and 163; art. 106
    ust. 5 of the social assistance act as we read it — verify), the domain then saying why
    it cannot (e.g. 409 `decision.revoked`); reclaims, repayments, write-offs and summonses
    ask as an amendment does (services/receivables/reclaims.py). So a final or revoked
    proceeding is out of their scope for delivery, appeal, the board's ruling, finality and a
    new decision. Nobody else."""
    if ctx.role in TEAM_SCOPED_ROLES:
        return may_change_folder(ctx, folder)
    if ctx.role == Role.DECISION_MAKER.value:
        return changes_decision or proceeding.status in OPEN_PROCEEDING_STATUSES
    return False


def may_change_order(ctx: CommandContext, order: ServiceOrder) -> bool:
    """MCUS coordinators: the orders placed with their own provider (their unit). Caregivers:
    the orders they are assigned to (their own clients) or cover. Nobody else: MOPS changes an order
    only through the decision that placed it (services/proceedings/handoff.py)."""
    if ctx.role == Role.MCUS_COORDINATOR.value:
        return order.provider_id == ctx.unit
    if ctx.role == Role.CAREGIVER.value:
        # Her own clients, and those she covers for an absent colleague.
        return order.may_be_visited_by(ctx.actor_id)
    return False


def may_change_social_contract(ctx: CommandContext, folder: CaseFolder) -> bool:
    """A contract is signed with a member of a household: it is in scope with the folder."""
    return may_change_folder(ctx, folder)


def may_manage_users(ctx: CommandContext) -> bool:
    """IT (admin) keeps every account; no other role changes one by a command (a person's
    own password and sessions are services/users/sessions.py's, which check the person)."""
    return ctx.role == Role.ADMIN.value


def may_change_parameters(ctx: CommandContext) -> bool:
    """IT (admin) records the dated fee parameters that council resolutions and regulations set."""
    return ctx.role == Role.ADMIN.value


def may_manage_providers(ctx: CommandContext) -> bool:
    """IT (admin) keeps the provider directory (DESIGN.md: users, units, the provider
    directory); decisions only choose from it."""
    return ctx.role == Role.ADMIN.value


def may_manage_catalogue(ctx: CommandContext) -> bool:
    """IT (admin) keeps the service catalogue, as it keeps the provider directory."""
    return ctx.role == Role.ADMIN.value


def may_work_on_returns(ctx: CommandContext) -> bool:
    """Managers compile and submit the municipality's statistical return (aggregates only)."""
    return ctx.role == Role.MANAGER.value


def may_pay_benefits(ctx: CommandContext) -> bool:
    """Managers build and approve payment lists and download their bank files."""
    return ctx.role == Role.MANAGER.value


def may_erase_personal_data(ctx: CommandContext) -> bool:
    """IT (admin) runs the end of retention; the erasure reads no case content."""
    return ctx.role == Role.ADMIN.value
