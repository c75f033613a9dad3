// The calculator beside a cash decision: the household's income of the month before the
// application, the criterion, the law's bounds or formula with its working, and a button that
// fills the amount in.
import { asTyped, calculationPath, type BenefitCalculation } from '../../benefits';
import { getLang, t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { useView } from '../../ui/useView';

const zl = (v: string | null) => (v === null ? '—' : `${asTyped(v, getLang())} zł`);

export function useBenefitCalculation(proceedingId: string) {
  const { views } = useApp();
  const key = `benefit:${proceedingId}`;
  return useView<BenefitCalculation>(key, () => views.refresh(key, calculationPath(proceedingId)));
}

export function BenefitCalculator({ calc, onFill }: {
  calc: BenefitCalculation | undefined;
  onFill: (amount: string) => void;
}) {
  if (!calc || !calc.applies) return null;
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
      <p data-testid="calc-income">
        {t(calc.single ? 'calc.single' : 'calc.family', { n: String(calc.members ?? '') })}{' · '}
        {t('calc.income', { month: (calc.month ?? '').slice(0, 7), income: zl(calc.total_income), perPerson: zl(calc.income_per_person) })}
      </p>
      <ol class="working" data-testid="calc-working">
        {calc.working.map((step) => (
          <li key={step.key + step.expression}>
            {t(`calc.step.${step.key}` as MessageKey)}: <strong>{step.expression.replace(/\d+\.\d\d/g, (n) => asTyped(n, getLang()))} zł</strong>
          </li>
        ))}
      </ol>
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
