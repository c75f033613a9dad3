// The return's four sections laid out like the form (MRPiPS-03), and charts of its main figures.
// Amounts are shown exactly as the server counts and hashes them ("1500.00").
import type { ReturnFigures } from '../../contract';
import { t } from '../../i18n';
import {
  BENEFIT_COLUMNS,
  benefitRows,
  byForm,
  FAMILY_COLUMNS,
  familiesByReason,
  familyTypeLabel,
  familyTypeRows,
  formLabel,
  reasonLabel,
  reasonRows,
  SUBROW_AFTER,
  type ChartPoint,
} from '../../returns';
import { Section } from '../shared/common';
import { BarChart } from './BarChart';
import { ScrollRegion } from '../../ui/ScrollRegion';
import { PALETTE } from './palette';

// Okabe–Ito blue, vermilion and bluish green: colour-blind safe, each ≥ 3:1 against white.
const CHART_COLORS = { persons: PALETTE[0], amount: PALETTE[1], reasons: PALETTE[2] };

const col = (name: string) => t(`ret.col.${name}` as Parameters<typeof t>[0]);
const isZero = (values: (number | string)[]) => values.every((v) => Number(v) === 0);

export function ReturnTables({ figures }: { figures: ReturnFigures }) {
  const total = figures.benefits.total;
  const sw = figures.social_work;
  const sc = figures.social_contracts;
  const types = familyTypeRows(figures);
  return (
    <>
      <Section title={t('ret.section.benefits')} testid="return-section-1">
        <ScrollRegion label={t('ret.section.benefits')}>
          <table class="data figures" data-testid="return-benefits">
            <thead>
              <tr>
                <th scope="col">{col('form')}</th>
                <th scope="col">{col('task')}</th>
                {BENEFIT_COLUMNS.map((c) => <th scope="col" class="num" key={c}>{col(c)}</th>)}
              </tr>
            </thead>
            <tbody>
              {benefitRows(figures).map(({ form, task, cell }) => {
                const values = BENEFIT_COLUMNS.map((c) => cell[c]);
                return (
                  <tr key={`${form}.${task}`}
                    class={[isZero(values) && 'zero', form in SUBROW_AFTER && 'subrow'].filter(Boolean).join(' ') || undefined}
                    data-testid="benefit-row" data-form={form} data-task={task}>
                    <th scope="row">{formLabel(form)}</th>
                    <td>{t(`ret.task.${task}`)}</td>
                    {BENEFIT_COLUMNS.map((c) => <td class="num" data-col={c} key={c}>{cell[c]}</td>)}
                  </tr>
                );
              })}
              <tr class="total" data-testid="benefit-total">
                <th scope="row" colSpan={2}>{col('total')}</th>
                <td class="num" data-col="persons">{total.persons}</td>
                <td class="num">—</td>
                <td class="num">—</td>
                <td class="num" data-col="families">{total.families}</td>
                <td class="num" data-col="family_persons">{total.family_persons}</td>
              </tr>
            </tbody>
          </table>
        </ScrollRegion>
      </Section>
      <Section title={t('ret.section.reasons')} testid="return-section-2">
        <ScrollRegion label={t('ret.section.reasons')}>
          <table class="data figures" data-testid="return-reasons">
            <thead>
              <tr>
                <th scope="col">{col('reason')}</th>
                {FAMILY_COLUMNS.map((c) => <th scope="col" class="num" key={c}>{col(c)}</th>)}
              </tr>
            </thead>
            <tbody>
              {reasonRows(figures).map(({ code, block }) => {
                const values = FAMILY_COLUMNS.map((c) => block[c]);
                return (
                  <tr key={code} class={[isZero(values) && 'zero', code.includes('_') && 'subrow'].filter(Boolean).join(' ') || undefined}
                    data-testid="reason-row" data-reason={code}>
                    <th scope="row">{reasonLabel(code)}</th>
                    {FAMILY_COLUMNS.map((c) => <td class="num" data-col={c} key={c}>{block[c]}</td>)}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      </Section>
      <Section title={t('ret.section.social_work')} testid="return-section-3">
        <table class="data figures" data-testid="return-social-work">
          <thead>
            <tr>{FAMILY_COLUMNS.map((c) => <th scope="col" class="num" key={c}>{col(c)}</th>)}</tr>
          </thead>
          <tbody>
            <tr>{FAMILY_COLUMNS.map((c) => <td class="num" data-col={c} key={c}>{sw[c]}</td>)}</tr>
          </tbody>
        </table>
      </Section>
      <Section title={t('ret.section.social_contracts')} testid="return-section-4">
        <table class="data figures" data-testid="return-social-contracts">
          <thead>
            <tr>
              {(['contracts', 'persons', 'families'] as const).map((c) => <th scope="col" class="num" key={c}>{col(c)}</th>)}
            </tr>
          </thead>
          <tbody>
            <tr>
              {(['contracts', 'persons', 'families'] as const).map((c) => <td class="num" data-col={c} key={c}>{sc[c]}</td>)}
            </tr>
          </tbody>
        </table>
      </Section>
      {types.length > 0 && (
        <Section title={t('ret.section.family_types')} testid="return-section-5">
          <table class="data figures" data-testid="return-family-types">
            <thead>
              <tr>
                <th scope="col">{col('type')}</th>
                {(['families', 'family_persons'] as const).map((c) => <th scope="col" class="num" key={c}>{col(c)}</th>)}
              </tr>
            </thead>
            <tbody>
              {types.map(({ name, block }) => (
                <tr key={name} class={block.families === 0 ? 'zero' : undefined} data-testid="family-type-row" data-type={name}>
                  <th scope="row">{familyTypeLabel(name)}</th>
                  {(['families', 'family_persons'] as const).map((c) => <td class="num" data-col={c} key={c}>{block[c]}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
    </>
  );
}

function PointsChart({ points, label, title, testid, color, money = false }: {
  points: ChartPoint[]; label: (key: string) => string; title: string; testid: string; color: string; money?: boolean;
}) {
  if (points.length === 0) {
    return (
      <figure class="chart" data-testid={testid}>
        <figcaption>{title}</figcaption>
        <p class="muted">{t('ret.chart.empty')}</p>
      </figure>
    );
  }
  return (
    <BarChart
      testid={testid}
      title={title}
      rows={points.map((p) => ({ label: label(p.key), values: { v: p.value } }))}
      series={[{ key: 'v', label: title, color }]}
      integer={!money}
      format={money ? (v) => String(Math.round(v)) : String}
    />
  );
}

/** The main figures as charts; the tables above hold the same numbers for screen readers. */
export function ReturnCharts({ figures }: { figures: ReturnFigures }) {
  return (
    <Section title={t('ret.charts')} testid="return-charts">
      <div class="charts">
        <PointsChart testid="chart-persons" title={t('ret.chart.persons')} points={byForm(figures, 'persons')}
          label={formLabel} color={CHART_COLORS.persons} />
        <PointsChart testid="chart-amount" title={t('ret.chart.amount')} points={byForm(figures, 'amount')}
          label={formLabel} color={CHART_COLORS.amount} money />
        <PointsChart testid="chart-reasons" title={t('ret.chart.reasons')} points={familiesByReason(figures)}
          label={reasonLabel} color={CHART_COLORS.reasons} />
      </div>
    </Section>
  );
}
