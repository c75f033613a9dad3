import { useState } from 'preact/hooks';
import { DraftNote } from '../../ui/DraftNote';
import { useDraft } from '../../ui/useDraft';
import { localToday, visitCommand, visitErrors, type VisitInput } from '../../commands';
import { ACTIVITIES, type ClientView } from '../../contract';
import { t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { href, navigate } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useView, ViewNote } from '../../ui/useView';
import { draftKey } from '../../drafts';
import { folderKey } from '../../views';

function FieldError({ id, error }: { id: string; error?: MessageKey }) {
  return error ? (
    <p id={id} class="field-error">
      {t(error)}
    </p>
  ) : null;
}

export function VisitScreen({ folderId }: { folderId: string }) {
  const { views, outbox } = useApp();
  const view = useView<ClientView>(folderKey(folderId), () => views.refreshFolder(folderId));
  const today = localToday();
  const [input, update, latest, draft] = useDraft<VisitInput>(draftKey('visit', folderId), {
    visited_on: today,
    minutes: '',
    activity: 'home_visit',
    place: '',
    notes: '',
  });
  const [errors, setErrors] = useState<ReturnType<typeof visitErrors>>({});
  const [busy, setBusy] = useState(false);
  const set = (field: keyof VisitInput) => (e: Event) => {
    update({ [field]: (e.currentTarget as HTMLInputElement).value });
  };

  async function submit(event: Event) {
    event.preventDefault();
    if (!view.data || busy) return;
    const input = latest();
    const found = visitErrors(input, localToday());
    setErrors(found);
    if (Object.keys(found).length) {
      document.getElementById(`visit-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    // The command_id is made now, at submit; it stays the same on every retry.
    await outbox.enqueue(visitCommand(folderId, view.data.version, input));
    await draft.clear();
    navigate(href.folder(folderId));
  }

  const invalid = (field: keyof VisitInput) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `visit-${field}-error` } : {};

  return (
    <main class="screen">
      <a class="back" href={href.folder(folderId)}>
        ← {t('common.back')}
      </a>
      <ScreenTitle>{t('visit.title')}</ScreenTitle>
      {!view.data && <ViewNote view={view} />}
      {view.data && (
        <form class="card form" onSubmit={submit} noValidate data-testid="visit-form">
          <DraftNote draft={draft} />
          <label for="visit-visited_on">{t('visit.date')}</label>
          <input id="visit-visited_on" data-testid="visit-date" type="date" max={today} required
            value={input.visited_on} onInput={set('visited_on')} {...invalid('visited_on')} />
          <FieldError id="visit-visited_on-error" error={errors.visited_on} />

          <label for="visit-minutes">{t('visit.minutes')}</label>
          <input id="visit-minutes" data-testid="visit-minutes" type="number" inputMode="numeric" min={1} max={1440} step={1}
            required value={input.minutes} onInput={set('minutes')} {...invalid('minutes')} />
          <FieldError id="visit-minutes-error" error={errors.minutes} />

          <label for="visit-activity">{t('visit.activity')}</label>
          <select id="visit-activity" data-testid="visit-activity" value={input.activity}
            onChange={set('activity')} {...invalid('activity')}>
            {ACTIVITIES.map((a) => (
              <option key={a} value={a}>
                {t(`activity.${a}`)}
              </option>
            ))}
          </select>
          <FieldError id="visit-activity-error" error={errors.activity} />

          <label for="visit-place">{t('visit.place')}</label>
          <input id="visit-place" data-testid="visit-place" value={input.place} onInput={set('place')} />

          <label for="visit-notes">{t('visit.notes')}</label>
          <textarea id="visit-notes" data-testid="visit-notes" rows={6} value={input.notes} onInput={set('notes')} />

          <button type="submit" class="primary" data-testid="visit-submit" disabled={busy}>
            {t('visit.submit')}
          </button>
        </form>
      )}
    </main>
  );
}
