// The read models' health for IT: every projection's position and lag, each halted one with the
// event it stopped on and its error, and the audited skip of that one event (a reason is kept in
// the log as ProjectionEventSkipped). Online only: an admin acts on the server as it is now.
// Self-contained (its own reads and texts; its types are the API's) so other admin screens
// can sit beside it.
import { useEffect, useState } from 'preact/hooks';
import { draftKey } from '../../drafts';
import { DraftNote } from '../../ui/DraftNote';
import { useDraft } from '../../ui/useDraft';
import { ApiError } from '../../api';
import type { Schemas } from '../../contract';
import { formatDateTime, t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { ScrollRegion } from '../../ui/ScrollRegion';

export type Stall = Schemas['StallOut'];
export type ProjectionsHealth = Schemas['ProjectionsOut'];

const PATH = '/api/admin/projections';
// Positions move by themselves: the screen reads them again this often while it is open.
const REFRESH_MS = 5000;

/** The last line of a traceback: the exception and its message. */
export const errorSummary = (error: string): string => error.trim().split('\n').pop() ?? '';

/** The event class of a topic (`domain.case_folder:CaseFolder.VisitRecorded` → `VisitRecorded`). */
export const eventName = (topic: string): string => topic.split(/[.:]/).pop() ?? topic;

function StallCard({ stall, onSkipped }: { stall: Stall; onSkipped: () => void }) {
  const { api, notify } = useApp();
  const [{ reason }, update, latest, draft] = useDraft(draftKey('projection-skip', `${stall.projection}:${stall.generation}:${stall.event_position}`), { reason: '' });
  const setReason = (value: string) => update({ reason: value });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const id = `skip-${stall.projection}-${stall.generation}`;

  async function skip(e: Event) {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      await api.request('POST', `${PATH}/${encodeURIComponent(stall.projection)}/skip`, {
        command_id: crypto.randomUUID(),
        event_position: stall.event_position,
        generation: stall.generation,
        reason: latest().reason.trim(),
      });
      notify(t('adm.health.skipped'));
      await draft.discard();
      onSkipped();
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card stall" data-testid="stalled-projection" data-projection={stall.projection} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {t('adm.health.stalled', { name: stall.projection, generation: stall.generation, position: stall.event_position })}
      </h3>
      <dl class="facts">
        <dt>{t('adm.health.error')}</dt>
        <dd class="error" data-testid="stall-error">{errorSummary(stall.error)}</dd>
        <dt>{t('adm.health.eventLabel')}</dt>
        <dd data-testid="stall-event">{t('adm.health.event', { topic: eventName(stall.topic), id: stall.originator_id, version: stall.originator_version })}</dd>
        <dt>{t('adm.health.sinceLabel')}</dt>
        <dd>{t('adm.health.since', { time: formatDateTime(stall.stalled_at), attempts: stall.attempts })}</dd>
      </dl>
      <details>
        <summary>{t('adm.health.trace')}</summary>
        <pre class="mono trace">{stall.error}</pre>
      </details>
      <p class="helper">{t('adm.health.fixHint')}</p>
      <form class="form" onSubmit={(e) => void skip(e)}>
        <DraftNote draft={draft} />
        <label for={`${id}-reason`}>{t('adm.health.reason')}</label>
        <textarea id={`${id}-reason`} data-testid="skip-reason" required maxLength={2000} rows={2}
          value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
        {failure && <p class="field-error" role="alert" data-testid="skip-error">{failure}</p>}
        <button type="submit" class="primary" data-testid="skip-event" disabled={busy || !reason.trim()}>
          {t('adm.health.skip')}
        </button>
      </form>
    </section>
  );
}

export function HealthScreen() {
  const { api } = useApp();
  const [health, setHealth] = useState<ProjectionsHealth | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let current = true;
    api.request<ProjectionsHealth>('GET', PATH).then(
      (found) => {
        if (!current) return;
        setHealth(found);
        setError(null);
      },
      (failure: unknown) => current && setError(failure),
    );
    const timer = window.setTimeout(() => current && setTick((n) => n + 1), REFRESH_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [api, tick]);

  const refresh = () => setTick((n) => n + 1);
  const stalled = health?.stalled ?? [];
  return (
    <section class="card" aria-labelledby="health-title" data-testid="projections-health">
      <h2 id="health-title">{t('adm.health')}</h2>
      <p class="muted">{t('adm.health.intro')}</p>
      {error !== null && (
        <p class="error" role="alert">{error instanceof ApiError || error instanceof Error ? errorText(error) : String(error)}</p>
      )}
      {health && (
        <>
          <p role="status" data-testid="health-summary" class={stalled.length ? 'banner banner-conflict' : 'notice'}>
            {stalled.length ? t('adm.health.degraded', { n: stalled.length }) : t('adm.health.ok')}
          </p>
          <p>
            {t('adm.health.head', { n: health.head })}{' '}
            <button type="button" data-testid="health-refresh" onClick={refresh}>{t('adm.health.refresh')}</button>
          </p>
          <ScrollRegion label={t('adm.health')}>
            <table class="data" data-testid="projections-table">
              <thead>
                <tr>
                  <th scope="col">{t('adm.health.projection')}</th>
                  <th scope="col">{t('adm.health.generation')}</th>
                  <th scope="col">{t('adm.health.status')}</th>
                  <th scope="col">{t('adm.health.position')}</th>
                  <th scope="col">{t('adm.health.lag')}</th>
                </tr>
              </thead>
              <tbody>
                {health.projections.flatMap((p) =>
                  p.generations.map((g) => (
                    <tr key={`${p.name}-${g.generation}`} data-testid="projection-row" data-projection={p.name}
                      class={g.stall ? 'row-stalled' : undefined}>
                      <th scope="row">{p.name}</th>
                      <td>{g.generation}</td>
                      <td data-testid="projection-status">
                        {g.stall ? <span class="badge badge-failed">{t('adm.health.status.stalled')}</span>
                          : t(`adm.health.status.${g.status}` as MessageKey)}
                      </td>
                      <td>{g.position}</td>
                      <td data-testid="projection-lag">{g.lag}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </ScrollRegion>
          {stalled.map((stall) => (
            <StallCard key={`${stall.projection}-${stall.generation}-${stall.event_position}`} stall={stall} onSkipped={refresh} />
          ))}
        </>
      )}
    </section>
  );
}
