import { useState } from 'preact/hooks';
import { DraftNote } from '../../ui/DraftNote';
import { useDraft } from '../../ui/useDraft';
import { interviewCommands, isPastOrToday, localToday, missingSections, type InterviewInput } from '../../commands';
import { REQUIRED_SECTIONS, SECTIONS, type ClientView, type SectionKey } from '../../contract';
import { t } from '../../i18n';
import { useApp } from '../../ui/context';
import { href, navigate } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useView, ViewNote } from '../../ui/useView';
import { draftKey } from '../../drafts';
import { folderKey } from '../../views';
import { emptyParts, InterviewParts } from './InterviewParts';

export function InterviewScreen({ folderId }: { folderId: string }) {
  const { views, outbox } = useApp();
  const view = useView<ClientView>(folderKey(folderId), () => views.refreshFolder(folderId));
  const today = localToday();
  // Kept on the tablet as it is typed: "← Wróć" or a closed app loses nothing (issue #17).
  const [input, update, latest, draft] = useDraft<InterviewInput>(draftKey('interview', folderId), { conducted_on: today, sections: {} });
  const [missing, setMissing] = useState<SectionKey[]>([]);
  const [dateError, setDateError] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (!view.data || busy) return;
    const input = latest();
    const absent = missingSections(input.sections);
    const badDate = !isPastOrToday(input.conducted_on, localToday());
    setMissing(absent);
    setDateError(badDate);
    if (badDate) return document.getElementById('interview-date')?.focus();
    if (absent.length) return document.getElementById(`interview-section-${absent[0]}`)?.focus();
    setBusy(true);
    // Made now, at submit, in order: schedule (if needed) and then conduct.
    for (const command of interviewCommands(folderId, view.data.version, view.data.interview, input)) {
      await outbox.enqueue(command);
    }
    await draft.clear();
    navigate(href.folder(folderId));
  }

  return (
    <main class="screen">
      <a class="back" href={href.folder(folderId)}>
        ← {t('common.back')}
      </a>
      <ScreenTitle>{t('interview.title')}</ScreenTitle>
      {!view.data && <ViewNote view={view} />}
      {view.data && (
        <form class="card form" onSubmit={submit} noValidate data-testid="interview-form">
          <DraftNote draft={draft} />
          {missing.length > 0 && (
            <p class="error" role="alert" data-testid="interview-missing">
              {t('interview.err.missing', { list: missing.join(', ') })}
            </p>
          )}
          <label for="interview-date">{t('interview.date')}</label>
          <input id="interview-date" data-testid="interview-date" type="date" max={today} required
            aria-invalid={dateError || undefined} aria-describedby={dateError ? 'interview-date-error' : undefined}
            value={input.conducted_on} onInput={(e) => update({ conducted_on: e.currentTarget.value })} />
          {dateError && <p id="interview-date-error" class="field-error">{t('interview.err.date')}</p>}

          {SECTIONS.map((key) => {
            const required = REQUIRED_SECTIONS.includes(key);
            const isMissing = missing.includes(key);
            return (
              <div key={key} class="section-field">
                <label for={`interview-section-${key}`}>
                  {t(`section.${key}`)}
                  {required && <span class="required"> ({t('common.required')})</span>}
                </label>
                <textarea
                  id={`interview-section-${key}`}
                  data-testid={`interview-section-${key}`}
                  rows={required ? 5 : 3}
                  aria-required={required}
                  aria-invalid={isMissing || undefined}
                  aria-describedby={isMissing ? `interview-section-${key}-error` : undefined}
                  value={input.sections[key] ?? ''}
                  onInput={(e) => update({ sections: { ...latest().sections, [key]: e.currentTarget.value } })}
                />
                {isMissing && (
                  <p id={`interview-section-${key}-error`} class="field-error">
                    {t('interview.err.section')}
                  </p>
                )}
              </div>
            );
          })}
          <InterviewParts value={input.parts} onChange={(patch) => update({ parts: { ...(latest().parts ?? emptyParts), ...patch } })} />
          <button type="submit" class="primary" data-testid="interview-submit" disabled={busy}>
            {t('interview.submit')}
          </button>
        </form>
      )}
    </main>
  );
}
