"""The fee for specialist care services for people with mental disorders (art. 50 ust. 4–7,
a commissioned task): not the municipality's resolution but the minister's table.

Source: rozporządzenie Ministra Polityki Społecznej z dnia 22 września 2005 r. w sprawie
specjalistycznych usług opiekuńczych (Dz.U. 2005 nr 189 poz. 1598), § 4: the services are free
while the income of the single person, or per person in a family, does not exceed the art. 8
criterion; above it the person pays a percentage of the service's cost (per hour) by the
income as a percentage of the criterion, with one column for a person keeping a household
alone and one for a person in a family (§ 4 ust. 3's table).

WHERE WE ARE UNSURE (docs/benefits.md, "Where the law was unclear"): we could not read the
regulation's own text. The table below is the 2005 one as reconstructed from a secondary
source (Gazeta Prawna, April 2023, quoting three of its rows: over 100% up to 132.5% → 1.5% /
3.5%; over 237.5% up to 255% → 15% / 25%; over 330% → 100% / 100%); the rows between are our
interpolation and are marked unverified. The regulation of 16 February 2023 (Dz.U. 2023 poz.
395, in force from 1 May 2023) replaced § 4 ust. 3's table with modified brackets we could
not obtain. So the table is ``verified=False``: the calculator says so on every working, and
an official must add the 2023 table (a new dated row here) before these fees are relied on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.benefits import HouseholdIncome, Step, to_grosze
from domain.fees import FeeBracket, FeeShareTable, IncomeCriterion, NoTableError


@dataclass(frozen=True)
class RegulationFeeTable:
    """A dated fee table of the 2005 regulation, with where it comes from."""

    table: FeeShareTable
    source: str
    verified: bool

    @property
    def valid_from(self) -> date:
        return self.table.valid_from


def _brackets(rows: tuple[tuple[str | None, str, str], ...]) -> tuple[FeeBracket, ...]:
    return tuple(FeeBracket(None if limit is None else Decimal(limit), Decimal(single),
                            Decimal(family)) for limit, single, family in rows)


MENTAL_CARE_FEE_TABLES: tuple[RegulationFeeTable, ...] = (
    RegulationFeeTable(
        table=FeeShareTable(valid_from=date(2005, 10, 1), brackets=_brackets((
            # (income up to % of the criterion, single %, family %) of the service's cost
            ("100", "0", "0"),  # § 4 ust. 2: free within the criterion
            ("132.5", "1.5", "3.5"),  # quoted (Gazeta Prawna 2023)
            ("150", "2.5", "5"),  # interpolated
            ("165", "5", "7.5"),  # interpolated
            ("185", "7.5", "10"),  # interpolated
            ("205", "10", "12.5"),  # interpolated
            ("220", "12.5", "15"),  # interpolated
            ("237.5", "13.5", "20"),  # interpolated
            ("255", "15", "25"),  # quoted
            ("272.5", "20", "30"),  # interpolated
            ("290", "30", "40"),  # interpolated
            ("310", "40", "50"),  # interpolated
            ("330", "60", "70"),  # interpolated
            (None, "100", "100"),  # quoted: above 330%
        ))),
        source="Dz.U. 2005 nr 189 poz. 1598, § 4 ust. 3",  # reconstructed: the module's note
        verified=False,
    ),
)


@dataclass(frozen=True)
class CareFeeRule:
    """The fee share of specialist care for mental disorders: the percentage of the hourly
    cost the person pays, from the household's income against the criterion, its working."""

    criterion: Decimal
    income: Decimal
    percent_of_criterion: Decimal
    fee_share_percent: Decimal
    verified: bool
    working: tuple[Step, ...]

    def fee_per_hour(self, hourly_cost: Decimal) -> Decimal:
        return to_grosze(hourly_cost * self.fee_share_percent / 100)


def table_on(day: date, tables: tuple[RegulationFeeTable, ...] = MENTAL_CARE_FEE_TABLES
             ) -> RegulationFeeTable:
    in_force = [t for t in tables if t.valid_from <= day]
    if not in_force:
        raise NoTableError(on=day)
    return max(in_force, key=lambda t: t.valid_from)


def mental_care_fee(income: HouseholdIncome, criterion: IncomeCriterion, on: date,
                    tables: tuple[RegulationFeeTable, ...] = MENTAL_CARE_FEE_TABLES
                    ) -> CareFeeRule:
    """§ 4 of the 2005 regulation: income per person (a one-person household is single)
    against the criterion; the bracket it falls in ("up to" inclusive) gives the percentage
    of the service's cost, single or family column. Not rounded before the comparison."""
    regulation = table_on(on, tables)
    limit = criterion.single if income.single else criterion.per_person_in_family
    compared = income.per_person
    bracket = regulation.table.bracket_for(compared, limit)
    percent = bracket.single_percent if income.single else bracket.family_percent
    share = (compared * 100 / limit).quantize(Decimal("0.01"))
    steps = [
        Step("income_single" if income.single else "income_per_person",
             f"{to_grosze(income.total):.2f} / {income.members} = {to_grosze(compared):.2f}"),
        Step("percent_of_criterion",
             f"{to_grosze(compared):.2f} / {to_grosze(limit):.2f} = {share:.2f}%"),
        Step("fee_share_single" if income.single else "fee_share_family",
             f"{percent.normalize():f}%"),
    ]
    if not regulation.verified:
        steps.append(Step("table_unverified", regulation.source))
    return CareFeeRule(criterion=limit, income=compared, percent_of_criterion=share,
                       fee_share_percent=percent, verified=regulation.verified,
                       working=tuple(steps))
