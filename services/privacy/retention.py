"""The end of retention: a closed folder's personal data is made unreadable for good."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid5

from domain.calendar import add_months
from domain.case_folder import CaseFolder, FolderNotClosedError
from services.application import CommandApplication
from services.commands import CommandContext, FolderNotFoundError
from services.privacy.commands import ErasePersonalData
from services.privacy.erasure_on_disk import scrub_after_erasure
from services.scope import may_erase_personal_data
from services.work import Work, handles


def retention_deadline(today: date, years: int) -> date:
    """Folders closed on or before this date have outlived their retention period."""
    return add_months(today, -12 * years)


class RetentionUseCases(CommandApplication):
    @handles
    def erase_personal_data(self, command: ErasePersonalData, work: Work) -> None:
        # Checked before the keys are touched: they go first, before the save.
        if not may_erase_personal_data(work.ctx):
            raise FolderNotFoundError(id=str(command.folder_id))
        found = work.read(CaseFolder, command.folder_id, FolderNotFoundError)
        folder = work.change(CaseFolder, command.folder_id, found.version,
                             in_scope=lambda ctx, _: may_erase_personal_data(ctx),
                             not_found=FolderNotFoundError)
        if folder.closed_on is None:
            raise FolderNotClosedError(folder_id=command.folder_id)
        # Keys first: even if recording the fact failed, the data would already be unreadable;
        # the retry finds the keys gone and records the fact.
        self.keys.erase([*folder.data_subjects, *command.related])
        folder.erase_personal_data(command.erased_on, command.related)


def erase_expired(system, ctx: CommandContext, today: date, *, dry_run: bool = False,
                  scrub: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> list[UUID]:
    """Erase every folder whose retention ended; return the folders concerned. When any was
    erased (or `scrub` asks), wait for the read models to drop the plaintext, then purge it
    from the database's files (services/privacy/erasure_on_disk.py)."""
    deadline = retention_deadline(today, system.settings.retention_years)
    # Decide on the whole log as it stands now, not on a view that may lag behind it.
    expired = system.read_models.folders_past_retention(
        deadline, after=system.app.head_position()
    )
    if not dry_run:
        for done, folder_id in enumerate(expired, start=1):
            # One command per folder, its id derived so that a rerun is a retry, not a new act.
            one = dataclasses.replace(ctx, command_id=uuid5(ctx.command_id, str(folder_id)))
            system.app.handle(one, ErasePersonalData(
                folder_id=folder_id, erased_on=today,
                related=tuple(system.read_models.records_of_folder(folder_id))))
            if progress is not None:
                progress(done, len(expired))
        if expired or scrub:
            scrub_after_erasure(system)
    return expired
