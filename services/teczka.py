"""The Teczka application: every use case over one event log."""

from __future__ import annotations

from services.care.absences import CaregiverAbsenceUseCases
from services.care.fee_parameters import FeeParameterUseCases
from services.care.orders import CareOrderUseCases
from services.casework.contracts import SocialContractUseCases
from services.casework.folders import CaseFolderUseCases
from services.catalogue.proposals import ProposalUseCases
from services.payments.lists import PaymentUseCases
from services.privacy.retention import RetentionUseCases
from services.proceedings.benefits import BenefitUseCases
from services.proceedings.procedure import ProceedingUseCases
from services.projecting.admin import ProjectionSkipUseCases
from services.providers.directory import ProviderUseCases
from services.receivables.reclaims import ReclaimUseCases
from services.returns.compiling import StatisticalReturnUseCases
from services.users.accounts import UserUseCases
from services.users.sessions import SessionUseCases


class Teczka(
    CaseFolderUseCases,
    ProceedingUseCases,
    BenefitUseCases,
    CareOrderUseCases,
    CaregiverAbsenceUseCases,
    FeeParameterUseCases,
    ProviderUseCases,
    ProposalUseCases,
    PaymentUseCases,
    ReclaimUseCases,
    RetentionUseCases,
    SocialContractUseCases,
    StatisticalReturnUseCases,
    ProjectionSkipUseCases,
    SessionUseCases,
    UserUseCases,
):
    """Case folders, proceedings, care orders, returns, user accounts and their sessions, and
    the audited skips of read models, recorded in one notification log."""

    name = "Teczka"
