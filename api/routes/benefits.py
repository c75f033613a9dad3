"""The decision maker's calculator: a proceeding's household income against the criterion
(any form: her case screen shows it) and, for a cash form, the amount the law allows, with its
working (services/proceedings/benefits.py)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.deps import AccessLogDep, CaseReader, SystemDep
from api.errors import ApiError
from api.routes.views import After, may_read_folder
from api.schemas.benefits import BenefitCalculationOut
from api.subjects import folders_in, persons_in
from domain.access import ViewKind
from domain.benefits import (
    CALCULATED_FORMS,
    TYPED_FORMS,
    IncomeAboveCriterionError,
    IncomeMissingError,
)
from domain.help import FormOfHelp
from domain.proceeding import Proceeding
from services.proceedings.procedure import ProceedingNotFoundError

router = APIRouter(prefix="/api", tags=["proceedings"])


@router.get("/proceedings/{proceeding_id}/benefit-calculation")
def benefit_calculation(
    proceeding_id: UUID, user: CaseReader, system: SystemDep, access: AccessLogDep,
    after: After = None,
) -> BenefitCalculationOut:
    """The household's income per person against the criterion (art. 8), the amount a cash
    benefit may have (art. 37–44, 48: bounds or the computed amount and its working), and
    the fee share of specialist care for mental disorders; recorded in the access log."""
    row = system.read_models.proceeding(proceeding_id, after)
    if row is None or not may_read_folder(user, system, row["folder_id"]):
        raise ApiError(404, "proceeding.not_found", id=str(proceeding_id))
    proceeding = system.app.load(Proceeding, proceeding_id, ProceedingNotFoundError,
                                 read_only=True)
    form = proceeding.form
    answer = BenefitCalculationOut(
        proceeding_id=proceeding_id, person_id=proceeding.person_id, form=form,
        applies=form in CALCULATED_FORMS or form == FormOfHelp.SPECIALIST_CARE_SERVICES_MENTAL,
        income_test=form not in TYPED_FORMS)
    try:
        answer = answer.with_income(system.app.household_income_of(proceeding))
        calculation = system.app.benefit_calculation(proceeding)
        care_fee = system.app.care_fee_calculation(proceeding)
    except IncomeMissingError as error:
        answer = answer.income_missing(error.code, error.params.get("members", []))
        if form in TYPED_FORMS:  # no income test: the amount's rule stands without it
            calculation = system.app.benefit_calculation(proceeding)
            if calculation is not None:
                answer = answer.with_calculation(calculation)
    except IncomeAboveCriterionError as error:
        answer = answer.refused(error.code)
    else:
        if calculation is not None:
            answer = answer.with_calculation(calculation)
        if care_fee is not None:
            answer = answer.with_care_fee(care_fee)
    access.shown(ViewKind.PROCEEDING, [*folders_in([row]), *persons_in([row])])
    return answer
