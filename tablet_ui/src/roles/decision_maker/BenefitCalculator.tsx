// The calculator beside a cash decision: the household's income of the month before the
// application, the criterion, the law's bounds or formula with its working, and a button that
// fills the amount in.
import { asTyped, calculationPath, type BenefitCalculation } from '../../benefits';
import { grosze, zl as moneyText } from '../../inKind';
import { getLang, t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { useView } from '../../ui/useView';

const zl = (v: string | null) => (v === null ? '—' : `${asTyped(v, getLang())} zł`);

/** Steps whose arithmetic is not in złoty: percentages and the table's source. */
const NOT_MONEY = new Set(['percent_of_criterion', 'fee_share_single', 'fee_share_family', 'table_unverified']);

/** A calculator's working, one step a line: its label, then its arithmetic ("1010,00 − 640,00 = 370,00 zł"). */
export function Working({ steps, testid = 'calc-working' }: { steps: { key: string; expression: string }[]; testid?: string }) {
  return (
    <ol class="working" data-testid={testid}>
      {steps.map((step) => (
        <li key={step.key + step.expression}>
          {t(`calc.step.${step.key}` as MessageKey)}: <strong>{step.expression.replace(/\d+\.\d+/g, (n) => asTyped(n, getLang()))}{NOT_MONEY.has(step.key) ? '' : ' zł'}</strong>
        </li>
      ))}
    </ol>
  );
}

export function useBenefitCalculation(proceedingId: string) {
  const { views } = useApp();
  const key = `benefit:${proceedingId}`;
  return useView<BenefitCalculation>(key, () => views.refresh(key, calculationPath(proceedingId)));
}

export function BenefitCalculator({ calc, onFill }: {
  calc: BenefitCalculation | undefined;
  onFill: (amount: string) => void;
}) {
  if (!calc || !calc.applies || calc.fee_share_percent != null) return null;
  if (calc.problem) {
    return (
      <div class="subform" data-testid="benefit-calculator">
        <h3>{t('calc.title')}</h3>
        <p class="error" role="alert" data-testid="calc-problem">{t(`calc.problem.${calc.problem}` as MessageKey)}</p>
      </div>
    );
  }
  const suggested = calc.suggested;
  return (
    <div class="subform" data-testid="benefit-calculator">
      <h3>{t('calc.title')}</h3>
      {calc.income_test === false
        ? <p data-testid="calc-income">{t('calc.noIncomeTest')}</p>
        : (
          <p data-testid="calc-income">
            {t(calc.single ? 'calc.single' : 'calc.family', { n: String(calc.members ?? '') })}{' · '}
            {t('calc.income', { month: (calc.month ?? '').slice(0, 7), income: zl(calc.total_income), perPerson: zl(calc.income_per_person) })}
          </p>
        )}
      {calc.working.length > 0 && <Working steps={calc.working} />}
      <p data-testid="calc-bounds">
        {calc.computed !== null
          ? t('calc.computed', { amount: zl(calc.computed) })
          : calc.maximum !== null
            ? t('calc.range', { min: zl(calc.minimum), max: zl(calc.maximum) })
            : t('calc.noCap', { min: zl(calc.minimum) })}
      </p>
      {suggested !== null && (
        <button type="button" data-testid="calc-fill" onClick={() => onFill(asTyped(suggested, getLang()))}>
          {t('calc.fill', { amount: zl(suggested) })}
        </button>
      )}
    </div>
  );
}

/** Specialist care for mental disorders: the regulation's fee share from the household's
 * income (the server's working), the fee per hour at the hourly cost typed, and a button that
 * fills the share in. */
export function MentalCareFee({ calc, hourlyCost, onFill }: {
  calc: BenefitCalculation | undefined;
  hourlyCost: string;
  onFill: (percent: string) => void;
}) {
  if (!calc || calc.form !== 'specialist_care_services_mental' || !calc.applies) return null;
  if (calc.problem || calc.fee_share_percent == null) {
    return (
      <div class="subform" data-testid="mental-fee">
        <h3>{t('calc.mentalTitle')}</h3>
        {calc.problem && <p class="error" role="alert" data-testid="calc-problem">{t(`calc.problem.${calc.problem}` as MessageKey)}</p>}
      </div>
    );
  }
  const percent = calc.fee_share_percent;
  const cost = grosze(hourlyCost);
  // Half up to the grosz, as the settlement rounds (domain/fees.py settle_month).
  const perHour = cost > 0 ? Math.floor((cost * Number(percent) + 50) / 100) : null;
  return (
    <div class="subform" data-testid="mental-fee">
      <h3>{t('calc.mentalTitle')}</h3>
      <Working steps={calc.working} testid="mental-working" />
      <p data-testid="mental-share">{t('calc.feeShare', { p: asTyped(percent, getLang()) })}</p>
      {perHour !== null && (
        <p data-testid="mental-per-hour">
          {t('calc.feePerHour', { expression: `${asTyped(moneyText(cost), getLang())} × ${asTyped(percent, getLang())}% = ${asTyped(moneyText(perHour), getLang())}` })}
        </p>
      )}
      <button type="button" data-testid="mental-fill" onClick={() => onFill(asTyped(percent, getLang()))}>
        {t('calc.fillFee', { p: asTyped(percent, getLang()) })}
      </button>
    </div>
  );
}
