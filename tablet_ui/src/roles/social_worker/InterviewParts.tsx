// The interview's further parts beside sections A–J: the statement of the person interviewed
// (signed, or noted as not signed) and the declaration of assets (art. 107 ust. 5b of the
// social assistance act). Both optional on the form; dated the interview's day when sent.
import { ASSET_FIELDS, type InterviewPartsInput } from '../../commands';
import { t } from '../../i18n';

export const emptyParts: InterviewPartsInput = {
  statement: '', refused_to_sign: false, real_estate: '', movable_property: '', savings: '', other: '',
};

export function InterviewParts({ value, onChange }: {
  value: InterviewPartsInput | undefined;
  onChange: (patch: Partial<InterviewPartsInput>) => void;
}) {
  const parts = value ?? emptyParts;
  const text = (name: keyof InterviewPartsInput) => (e: Event) =>
    onChange({ [name]: (e.currentTarget as HTMLTextAreaElement).value });
  return (
    <>
      <fieldset class="interview-part" data-testid="interview-statement">
        <legend>{t('interviewParts.statement')}</legend>
        <label for="interview-statement-text">{t('interviewParts.statementText')}</label>
        <textarea id="interview-statement-text" data-testid="interview-statement-text" rows={3}
          value={parts.statement} onInput={text('statement')} />
        <label class="check">
          <input type="checkbox" data-testid="interview-refused-to-sign" checked={parts.refused_to_sign}
            onChange={(e) => onChange({ refused_to_sign: (e.currentTarget as HTMLInputElement).checked })} />
          {t('interviewParts.refusedToSign')}
        </label>
      </fieldset>
      <fieldset class="interview-part" data-testid="interview-assets">
        <legend>{t('interviewParts.assets')}</legend>
        {ASSET_FIELDS.map((name) => (
          <div key={name}>
            <label for={`interview-assets-${name}`}>{t(`interviewParts.${name}`)}</label>
            <textarea id={`interview-assets-${name}`} data-testid={`interview-assets-${name}`} rows={2}
              value={parts[name]} onInput={text(name)} />
          </div>
        ))}
      </fieldset>
    </>
  );
}
