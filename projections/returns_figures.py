"""A return's figures summed by the database from the returns projection's tables.

The projection keeps, beside each revision of a decision, what its terms alone provide in
each period (meals, shelter, a residential-care home: `decision_periods`, counted by
`GrantedDecision.contribution` itself), the rows of the form it counts in
(`decision_rows`) and a delivered-care decision's hourly cost by segment
(`decision_costs`); payments, visits and settlements carry their amounts in grosze and
hours in hundredths. A return is then one statement: each decision's contribution in the
period (payments, care months priced by the terms in force on the month's last day, or
its terms' own), the families as their members stood, and every figure as distinct
persons, families and sums over those — a few hundred rows come back, not the ~65,000
facts `compile_figures` counts in Python (issue #19). Everything is read "as of" a
recorded time, as the facts are (`Returns.facts`).

The rules are those of domain/mrpips03.py, which the recount from the log applies to its
facts; the property tests (tests/services/test_returns_recount_property.py,
test_returns_provided_property.py) hold the two equal. Sums are exact integers (grosze,
hundredths of an hour) on either store; rounding half up is integer division of
non-negative numbers.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    String,
    Table,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement

from domain.contributions import rate_on
from domain.help import DPS_FEE_FORMS, FORMS, FormOfHelp
from domain.mrpips03 import DECISION_FORMS, REASON_CODES, TASKS, ReturnPeriod
from domain.mrpips03_rows import (
    CASH_TOTAL,
    CHILD,
    CHILDREN_COUNTS,
    FAMILY_SIZES,
    HEALTH_CONTRIBUTIONS,
    NON_CASH_TOTAL,
    PERMANENT_IN_FAMILY,
    PERMANENT_SINGLE,
    SUBROWS,
)
from projections.projection import Tables

# A cash benefit provides only by its payments in the period, care (but a residential
# home's) only by the months delivered in it (`GrantedDecision.contribution`); the other
# forms are counted from their terms.
CASH_FORMS = tuple(sorted(f for f, info in FORMS.items() if info.kind == "cash"))
DELIVERED_CARE_FORMS = tuple(sorted(f for f, info in FORMS.items()
                                    if info.kind == "care" and f not in DPS_FEE_FORMS))
COMMISSIONED_FORMS = tuple(sorted(f for f, info in FORMS.items() if info.commissioned))
PERMANENT = FormOfHelp.PERMANENT_ALLOWANCE.value


def as_of(table: Table,
          moment: datetime | ColumnElement[datetime]) -> ColumnElement[bool]:
    """The table's rows as recorded at ``moment``."""
    condition = table.c.recorded_from <= moment
    if "recorded_to" in table.c:
        condition = and_(condition, or_(table.c.recorded_to.is_(None),
                                        table.c.recorded_to > moment))
    return condition


def _int(value: Any) -> ColumnElement[Any]:
    return cast(value, BigInteger)


def _sum(value: Any) -> ColumnElement[Any]:
    """A sum of integers as an integer (PostgreSQL sums bigints as numeric)."""
    return _int(func.coalesce(func.sum(value), 0))


def _text(value: Any) -> ColumnElement[Any]:
    return cast(value, String(60))


def _money(grosze: Any) -> str:
    return str((Decimal(int(grosze)) / 100).quantize(Decimal("0.01")))


def figures(conn: Connection, t: Tables, period: ReturnPeriod,
            moment: datetime) -> dict[str, Any]:
    """The return's figures for ``period`` as recorded at ``moment`` (naive UTC), equal to
    `compile_figures` of the same facts."""
    if conn.dialect.name == "postgresql":
        # Every join here is of sets of a few thousand rows, which hashing joins at once;
        # the planner, misled by estimates (a projection just rebuilt has no statistics),
        # would loop over one for each row of the other: seconds instead of milliseconds.
        conn.exec_driver_sql("SET LOCAL enable_nestloop = off")
        # Nor is compiling it worth it: JIT took 3 s of a 3.4 s statement here.
        conn.exec_driver_sql("SET LOCAL jit = off")
    return _laid_out(list(conn.execute(_statement(t, period), {"moment": moment})))


# Building the statement took ~17 ms of a ~170 ms return, every time: it depends only on
# the generation's tables and the period, the "as of" moment being a parameter, so it is
# built once and SQLAlchemy's compiled cache serves it after that. A few entries: a
# manager compares a few periods, and a rebuilt projection brings a new generation.
@lru_cache(maxsize=16)
def _statement(t: Tables, period: ReturnPeriod) -> Any:
    """The one statement of a period's figures, "as of" the bound parameter ``moment``."""
    moment = bindparam("moment", type_=DateTime)
    first, last = period.first, period.last
    d, p, m, f = t.decisions, t.payments, t.members, t.folders

    # The granting decisions as recorded (void ones never count; issued by the period's end).
    dec = select(d.c.decision_id, d.c.revision, d.c.person_id, d.c.folder_id, d.c.form,
                 d.c.issued_on).where(
        as_of(d, moment), d.c.void.is_(False), d.c.issued_on <= last,
        d.c.form.in_(DECISION_FORMS)).cte("dec")

    # What each provided in the period, benefits and grosze: each kind summed by itself
    # (payments, a revision's terms, delivered care), then the three joined to their
    # decisions in one hash join rather than one each (payments count for a cash form only,
    # terms for their own revision; care is matched to its decisions' forms inside).
    paid_by = (select(p.c.decision_id, _int(literal(None)).label("revision"),
                      literal(True).label("paid"), _int(func.count()).label("benefits"),
                      _sum(p.c.amount_gr).label("amount_gr"))
               .where(as_of(p, moment), p.c.paid_on >= first, p.c.paid_on <= last)
               .group_by(p.c.decision_id))
    dp = t.decision_periods
    by_terms = (select(dp.c.decision_id, dp.c.revision, literal(False), _int(dp.c.benefits),
                       _int(dp.c.amount_gr))
                .where(dp.c.year == period.year, dp.c.part == period.part))
    cared = _care(t, dec, period, moment)
    care = select(cared.c.decision_id, _int(literal(None)), literal(False), cared.c.benefits,
                  cared.c.amount_gr)
    by_kind = union_all(paid_by, by_terms, care).subquery("by_kind")
    provided = (select(dec.c.decision_id, dec.c.revision, dec.c.person_id, dec.c.folder_id,
                       dec.c.form, dec.c.issued_on,
                       # the task (commissioned or own) as a flag: it is grouped and
                       # hashed thousands of times below, and named only in the result
                       dec.c.form.in_(COMMISSIONED_FORMS).label("commissioned"),
                       by_kind.c.benefits, by_kind.c.amount_gr)
                .join_from(by_kind, dec, dec.c.decision_id == by_kind.c.decision_id)
                .where(or_(by_kind.c.revision.is_(None), by_kind.c.revision == dec.c.revision),
                       or_(by_kind.c.paid.is_(False), dec.c.form.in_(CASH_FORMS)))
                ).subquery("provided")
    # The families: persons (and children of the head) members at some time in the period.
    present = (select(m.c.folder_id, func.count().label("persons"),
                      func.sum(case((m.c.relation == CHILD, 1), else_=0)).label("children"))
               .where(as_of(m, moment), m.c.added_on <= last,
                      or_(m.c.left_on.is_(None), m.c.left_on > first))
               .group_by(m.c.folder_id).subquery("present"))
    fam = (select(f.c.folder_id, f.c.rural,
                  _int(func.coalesce(present.c.persons, 0)).label("persons"),
                  _int(func.coalesce(present.c.children, 0)).label("children"))
           .select_from(f.outerjoin(present, present.c.folder_id == f.c.folder_id))
           .where(as_of(f, moment))).cte("fam")
    # Each counted decision with its family's persons, children and rural flag, joined once
    # here rather than in every distinct set of families below.
    family = (func.coalesce(fam.c.persons, 0).label("family_persons"),
              func.coalesce(fam.c.children, 0).label("family_children"),
              func.coalesce(fam.c.rural, False).label("family_rural"))
    counted = (select(provided, *family)
               .select_from(provided.outerjoin(fam, fam.c.folder_id == provided.c.folder_id))
               .where(provided.c.benefits > 0).cte("counted"))
    of_family = (counted.c.family_persons, counted.c.family_children, counted.c.family_rural)


    # Section 1: each counted decision in its form's row, the cash / non-cash total, the
    # permanent allowance's single / in-family (the household on the decision's day) and
    # its rows by reason or legal basis.
    household = (select(func.count()).where(
        m.c.folder_id == counted.c.folder_id, as_of(m, moment),
        m.c.added_on <= counted.c.issued_on,
        or_(m.c.left_on.is_(None), m.c.left_on > counted.c.issued_on))
        .scalar_subquery())
    dr = t.decision_rows
    cols = (counted.c.commissioned, counted.c.person_id, counted.c.folder_id, counted.c.benefits,
            counted.c.amount_gr, *of_family)
    rows = union_all(
        select(_text(counted.c.form).label("row"), *cols),
        select(_text(case((counted.c.form.in_(CASH_FORMS), CASH_TOTAL),
                          else_=NON_CASH_TOTAL)), *cols),
        select(_text(case((household <= 1, PERMANENT_SINGLE), else_=PERMANENT_IN_FAMILY)),
               *cols).where(counted.c.form == PERMANENT),
        select(_text(dr.c.row), *cols).join_from(
            counted, dr, and_(dr.c.decision_id == counted.c.decision_id,
                              dr.c.revision == counted.c.revision,
                              dr.c.section == "benefits")),
    ).cte("counted_rows")

    # Health-insurance contributions for permanent-allowance recipients: a benefit a person
    # and month, the month's rate of what was paid them in it (rounded half up).
    rates = {}
    for month in range(first.month, last.month + 1):
        rate = rate_on(date(period.year, month, 1)) * 10_000
        if rate != rate.to_integral_value():
            raise ValueError(f"a health contribution rate of {rate} / 10,000")
        rates[date(period.year, month, 1)] = int(rate)
    basis = _sum(p.c.amount_gr)
    health = (select(counted.c.commissioned, counted.c.person_id, counted.c.folder_id, *of_family,
                     ((basis * case(rates, value=p.c.month, else_=0) + 5_000) // 10_000)
                     .label("owed"))
              .join_from(counted, p, p.c.decision_id == counted.c.decision_id)
              .where(counted.c.form == PERMANENT, as_of(p, moment), p.c.paid_on >= first,
                     p.c.paid_on <= last)
              .group_by(counted.c.commissioned, counted.c.person_id, counted.c.folder_id,
                        *of_family, p.c.month)
              ).cte("health")

    def families_of(source: Any, *keys: Any) -> Any:
        """Distinct families of ``source`` by ``keys``: their number, persons, rural ones
        and their persons."""
        distinct = select(*keys, source.c.folder_id, source.c.family_persons,
                          source.c.family_rural).distinct().subquery()
        rural, persons = distinct.c.family_rural, distinct.c.family_persons
        return (select(*(distinct.c[k.name] for k in keys),
                       _int(func.count()).label("families"),
                       _sum(persons).label("family_persons"),
                       _sum(case((rural, 1), else_=0)).label("rural_families"),
                       _sum(case((rural, persons), else_=0)).label("rural_persons"))
                .group_by(*(distinct.c[k.name] for k in keys)))

    def part(kind: str, row: Any = None, commissioned: Any = None, *values: Any) -> Any:
        """One kind of figure, in the columns every part of the statement shares (the task
        named from the ``commissioned`` flag)."""
        padded = [_int(v) for v in values] + [_int(literal(0))] * (5 - len(values))
        return (_text(literal(kind)).label("kind"),
                _text(row if row is not None else literal("")).label("row"),
                _text(case((commissioned, "commissioned"), else_="own")
                      if commissioned is not None else literal("")).label("task"),
                *(v.label(f"v{i}") for i, v in enumerate(padded)))

    def persons_of(source: Any, *keys: Any) -> Any:
        """Distinct persons of ``source`` by ``keys`` (hashed, where COUNT(DISTINCT) sorts)."""
        distinct = select(*keys, source.c.person_id).distinct().subquery()
        return (select(*(distinct.c[k.name] for k in keys), _int(func.count()).label("persons"))
                .select_from(distinct).group_by(*(distinct.c[k.name] for k in keys)))

    # Section 1: persons, benefits, grosze by row and task; their families.
    cells = (select(rows.c.row, rows.c.commissioned, _sum(rows.c.benefits).label("benefits"),
                    _sum(rows.c.amount_gr).label("amount_gr"))
             .group_by(rows.c.row, rows.c.commissioned).subquery())
    cell_persons = persons_of(rows, rows.c.row, rows.c.commissioned).subquery()
    cell_families = families_of(rows, rows.c.row, rows.c.commissioned).subquery()
    section = (select(*part("cell", cells.c.row, cells.c.commissioned, cell_persons.c.persons,
                             cells.c.benefits, cells.c.amount_gr,
                             cell_families.c.families, cell_families.c.family_persons))
               .join_from(cells, cell_families,
                          and_(cell_families.c.row == cells.c.row,
                               cell_families.c.commissioned == cells.c.commissioned))
               .join(cell_persons, and_(cell_persons.c.row == cells.c.row,
                                        cell_persons.c.commissioned == cells.c.commissioned)))
    health_cells = (select(health.c.commissioned, _int(func.count()).label("benefits"),
                           _sum(health.c.owed).label("amount_gr"))
                    .group_by(health.c.commissioned).subquery())
    health_persons = persons_of(health, health.c.commissioned).subquery()
    health_families = families_of(health, health.c.commissioned).subquery()
    health_section = (select(*part("cell", literal(HEALTH_CONTRIBUTIONS),
                                   health_cells.c.commissioned, health_persons.c.persons,
                                   health_cells.c.benefits, health_cells.c.amount_gr,
                                   health_families.c.families,
                                   health_families.c.family_persons))
                      .join_from(health_cells, health_families,
                                 health_families.c.commissioned == health_cells.c.commissioned)
                      .join(health_persons,
                            health_persons.c.commissioned == health_cells.c.commissioned))
    # The total: persons and families helped, each once.
    total_families = families_of(counted).subquery()
    total_persons = persons_of(counted).subquery()
    total = select(*part("total", None, None, total_persons.c.persons,
                         total_families.c.families, total_families.c.family_persons)
                   ).select_from(total_families.join(total_persons, literal(True)))
    # Section 2: a family under every reason of the decisions that count for it.
    reasons = (counted.join(dr, and_(dr.c.decision_id == counted.c.decision_id,
                                     dr.c.revision == counted.c.revision,
                                     dr.c.section == "reasons")))
    reason_rows = select(dr.c.row.label("reason"), counted.c.folder_id, *of_family).select_from(
        reasons).cte("reason_rows")
    by_reason = families_of(reason_rows, reason_rows.c.reason).subquery()
    reason_part = select(*part("reason", by_reason.c.reason, None, by_reason.c.families,
                               by_reason.c.family_persons, by_reason.c.rural_families,
                               by_reason.c.rural_persons))
    # Social work: families visited or contacted in the period.
    s = t.social_work_periods
    visited = select(s.c.folder_id, *family).select_from(
        s.outerjoin(fam, fam.c.folder_id == s.c.folder_id)).where(
        s.c.recorded_from <= moment, s.c.year == period.year,
        s.c.part == period.part).cte("visited")
    social = families_of(visited).subquery()
    social_part = select(*part("social_work", None, None, social.c.families,
                               social.c.family_persons, social.c.rural_families,
                               social.c.rural_persons))
    # Social contracts in force for at least one day of the period.
    c = t.contracts
    contract_part = select(*part(
        "contracts", None, None, func.count(), func.count(c.c.member_id.distinct()),
        func.count(c.c.folder_id.distinct()))).where(
        as_of(c, moment), c.c.signed_on <= last, c.c.ends_on >= first,
        or_(c.c.closed_on.is_(None), c.c.closed_on >= first))
    # Family types: the families helped by their persons and children.
    helped = select(counted.c.folder_id, counted.c.family_persons,
                    counted.c.family_children).distinct().subquery()
    sized = select(helped.c.family_persons.label("persons"),
                   helped.c.family_children.label("children")).subquery()
    types = (select(*part("family_type", None, None, sized.c.persons, sized.c.children,
                          func.count()))
             .group_by(sized.c.persons, sized.c.children))

    return union_all(section, health_section, total, reason_part, social_part,
                     contract_part, types)


def _care(t: Tables, dec: Any, period: ReturnPeriod,
          moment: ColumnElement[datetime]) -> Any:
    """Delivered care by decision: each order's months (settled, else the billable visits'
    minutes in hundredths of an hour, rounded half up) at the hourly cost of the terms in
    force on the month's last day; benefits are the hours rounded half up."""
    cm, before = t.care_months, t.care_months_before
    st, dc = t.care_settlements, t.decision_costs
    first, last = period.first, period.last
    # Each order's months: the billable visits' minutes (the running sum as it stood at
    # `moment`: its current value, or the one it held then) and the month's settlement, if
    # closed, in one pass (a month is either's or both's).
    nothing = _int(literal(None))

    def delivered(sums: Table, *held: Any) -> Any:
        return (select(sums.c.decision_id, sums.c.order_id, sums.c.month_end,
                       _int(sums.c.minutes).label("minutes"), nothing.label("hours_c"),
                       nothing.label("total_gr"))
                .where(sums.c.recorded_from <= moment, *held, sums.c.month >= first,
                       sums.c.month <= last))

    entries = union_all(
        delivered(cm), delivered(before, before.c.recorded_to > moment),
        select(st.c.decision_id, st.c.order_id, st.c.month_end, _int(literal(0)),
               _int(st.c.hours_c), _int(st.c.total_gr))
        .where(st.c.recorded_from <= moment, st.c.year == period.year,
               st.c.month <= last.month)).subquery("care_entries")
    by_month = (select(entries.c.decision_id, entries.c.order_id, entries.c.month_end,
                       _sum(entries.c.minutes).label("minutes"),
                       func.max(entries.c.hours_c).label("settled_hours"),
                       func.max(entries.c.total_gr).label("settled_total"))
                .group_by(entries.c.decision_id, entries.c.order_id, entries.c.month_end)
                ).subquery("care_months")
    # `GrantedDecision.terms_on`: the last segment in force on the month's last day, else
    # the first; its hourly cost.
    in_force = (select(by_month, func.coalesce(func.max(dc.c.segment), 0).label("segment"),
                       dec.c.revision)
                .select_from(by_month.join(dec, dec.c.decision_id == by_month.c.decision_id)
                             .outerjoin(dc, and_(dc.c.decision_id == dec.c.decision_id,
                                                 dc.c.revision == dec.c.revision,
                                                 dc.c.effective_from <= by_month.c.month_end)))
                .where(dec.c.form.in_(DELIVERED_CARE_FORMS))
                .group_by(*by_month.c, dec.c.revision)).subquery("in_force")
    is_settled = in_force.c.settled_hours.is_not(None)
    hours = case((is_settled, _int(in_force.c.settled_hours)),
                 else_=(_int(in_force.c.minutes) * 10 + 3) // 6)
    cost = _int(func.coalesce(dc.c.cost_gr, 0))
    months = (select(in_force.c.decision_id, _int(hours).label("hours_c"),
                     _int(case((is_settled, _int(in_force.c.settled_total)),
                               else_=(hours * cost + 50) // 100)).label("amount_gr"))
              .select_from(in_force.outerjoin(dc, and_(
                  dc.c.decision_id == in_force.c.decision_id,
                  dc.c.revision == in_force.c.revision,
                  dc.c.segment == in_force.c.segment)))).subquery("priced_months")
    return (select(months.c.decision_id,
                   ((_sum(months.c.hours_c) + 50) // 100).label("benefits"),
                   _sum(months.c.amount_gr).label("amount_gr"))
            .group_by(months.c.decision_id)).subquery("cared")


def _block(families: int, persons: int, rural: int | None = None,
           rural_persons: int | None = None) -> dict[str, int]:
    block = {"families": families, "family_persons": persons}
    if rural is not None:
        block |= {"rural_families": rural, "rural_family_persons": rural_persons or 0}
    return block


def _laid_out(found: list[Any]) -> dict[str, Any]:
    """The statement's rows as the return's figures (`compile_figures`'s shape)."""
    zero = {"persons": 0, "benefits": 0, "amount": "0.00", "families": 0,
            "family_persons": 0}
    benefits: dict[str, Any] = {row: {task: dict(zero) for task in TASKS}
                                for row in (*DECISION_FORMS, *SUBROWS)}
    reasons: dict[str, Any] = {code: _block(0, 0, 0, 0) for code in REASON_CODES}
    social_work, contracts = _block(0, 0, 0, 0), {"contracts": 0, "persons": 0,
                                                  "families": 0}
    types = {name: [0, 0] for name in ("all", *FAMILY_SIZES, "with_children",
                                       *CHILDREN_COUNTS)}
    total: dict[str, int] = {}
    for kind, row, task, *v in found:
        v = [int(x) for x in v]
        if kind == "cell":
            benefits[row][task] = {"persons": v[0], "benefits": v[1], "amount": _money(v[2]),
                                   "families": v[3], "family_persons": v[4]}
        elif kind == "total":
            total = {"persons": v[0], **_block(v[1], v[2])}
        elif kind == "reason":
            reasons[row] = _block(*v[:4])
        elif kind == "social_work":
            social_work = _block(*v[:4])
        elif kind == "contracts":
            contracts = {"contracts": v[0], "persons": v[1], "families": v[2]}
        elif kind == "family_type":
            persons, children, n = v[:3]
            sizes = ["all", FAMILY_SIZES[min(max(persons, 1), 6) - 1]]
            if children:
                sizes += ["with_children", CHILDREN_COUNTS[min(children, 4) - 1]]
            for name in sizes:
                types[name][0] += n
                types[name][1] += n * persons
    benefits["total"] = total or {"persons": 0, **_block(0, 0)}
    return {
        "benefits": benefits,
        "reasons": reasons,
        "social_work": social_work,
        "social_contracts": contracts,
        "family_types": {name: {"families": n, "family_persons": p}
                         for name, (n, p) in types.items()},
    }
