// The caregiver: today's and the coming days' visits with only what care needs (name, address,
// access, tasks, health), check in / check out (tasks done) and observations for the social
// worker. Everything goes through the outbox, so it works in a stairwell without signal.
import { useRef, useState } from 'preact/hooks';
import { useFormState } from '../../ui/formState';
import { draftKey } from '../../drafts';
import { formatDuration, formatTime } from '../../format';
import { DraftNote } from '../../ui/DraftNote';
import { useDraft } from '../../ui/useDraft';
import { careCommand, localIsoWithOffset } from '../../care';
import { localToday } from '../../commands';
import { OBSERVATION_KINDS, type CaregiverVisit, type FinishedVisit } from '../../contract';
import type { OutboxEntry } from '../../db';
import { formatDate, formatDateTime, label, t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { useRoute } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useOutboxEntries } from '../../ui/useOutbox';
import { useView, ViewNote } from '../../ui/useView';
import { FieldError, invalidProps, IssuesBanner, IssuesScreen, PendingList, useAcked } from '../shared/common';

export const VISITS = 'caregiver:visits';
const PATH = '/api/caregiver/visits';

/** The visit a check-out closes, from its path: …/visits/{visit_id}/completion. */
const closedVisit = (entry: OutboxEntry): string =>
  decodeURIComponent(/\/visits\/([^/]+)\/completion$/.exec(entry.path)?.[1] ?? '');

/** The visit in progress for an order: one checked in (here or on the server) and not checked out. */
export function openVisit(
  visit: CaregiverVisit,
  entries: OutboxEntry[],
): { visitId: string; startedAt: string | null; dependsOn: string | null } | null {
  const mine = entries.filter((e) => e.folder_id === visit.order_id);
  const checkedOut = new Set(
    // the check-out's path names the visit it closes: …/visits/{visit_id}/completion
    mine.filter((e) => e.kind === 'care_checked_out').map(closedVisit),
  );
  const local = [...mine].reverse().find((e) => e.kind === 'care_checked_in');
  if (local && !checkedOut.has(String(local.body.visit_id))) {
    return { visitId: String(local.body.visit_id), startedAt: String(local.body.started_at), dependsOn: local.command_id };
  }
  if (visit.open_visit_id && !checkedOut.has(visit.open_visit_id)) {
    return { visitId: visit.open_visit_id, startedAt: visit.open_visit_started_at, dependsOn: null };
  }
  return null;
}

/**
 * The kept visits after the server accepted a check-in or check-out: the open visit is what the
 * server now has, at once. Without this, between the queued command leaving the outbox and the
 * visits being read again (or if that read fails, e.g. the signal went), the row would offer a
 * check-in for a visit already open on the server.
 */
export function afterAck(visits: CaregiverVisit[], entry: OutboxEntry, version: number): CaregiverVisit[] {
  if (entry.kind !== 'care_checked_in' && entry.kind !== 'care_checked_out') return visits;
  return visits.map((v) => {
    if (v.order_id !== entry.folder_id) return v;
    const moved = { ...v, order_version: Math.max(v.order_version, version) };
    if (entry.kind === 'care_checked_in') {
      return { ...moved, open_visit_id: String(entry.body.visit_id), open_visit_started_at: String(entry.body.started_at) };
    }
    return v.open_visit_id === closedVisit(entry) ? { ...moved, open_visit_id: null, open_visit_started_at: null } : moved;
  });
}

function VisitRow({ visit, today }: { visit: CaregiverVisit; today: boolean }) {
  const { outbox } = useApp();
  const entries = useOutboxEntries(visit.order_id);
  const open = openVisit(visit, entries);
  // read at submit through latest(): a tap on "check out" right after a tick must see the tick
  const [doneState, updateDone, latestDone] = useFormState<{ tasks: string[] }>({ tasks: [] });
  const done = doneState.tasks;
  const [observing, setObserving] = useState(false);

  async function checkIn() {
    await outbox.enqueue(
      careCommand(visit.order_id, visit.order_version, 'care_checked_in', {
        visit_id: crypto.randomUUID(),
        started_at: localIsoWithOffset(),
      }),
    );
  }

  async function checkOut() {
    if (!open) return;
    const command = careCommand(
      visit.order_id,
      visit.order_version,
      'care_checked_out',
      { ended_at: localIsoWithOffset(), tasks_done: visit.tasks.filter((task) => latestDone().tasks.includes(task)) },
      open.visitId,
      open.dependsOn,
    );
    await outbox.enqueue(command);
    updateDone({ tasks: [] });
  }

  return (
    <li class="card visit" data-testid="care-visit-row" data-order-id={visit.order_id} data-day={visit.day}
      data-cover={visit.cover ? 'true' : 'false'}>
      <div class="row-head">
        <strong class="row-name">{visit.client_name}</strong>
        {visit.cover && <span class="badge badge-pending" data-testid="care-visit-cover">{t('cg.cover')}</span>}
        <span>{t('cg.when', { day: formatDate(visit.day), start: visit.start, minutes: formatDuration(visit.minutes) })}</span>
      </div>
      <p data-testid="care-visit-address">{visit.address_line}</p>
      <dl class="facts">
        <dt>{t('cg.access')}</dt>
        <dd data-testid="care-visit-access">{visit.access_notes || t('common.none')}</dd>
        <dt>{t('cg.tasks')}</dt>
        <dd data-testid="care-visit-tasks">{visit.tasks.map((task) => label('task.', task)).join(', ') || t('common.none')}</dd>
        <dt>{t('cg.health')}</dt>
        <dd data-testid="care-visit-health">{visit.health_notes || t('common.none')}</dd>
      </dl>
      <FinishedVisits visits={visit.finished_visits ?? []} />
      {today && (
        <div class="visit-actions">
          {open ? (
            <fieldset class="checkout" data-testid="check-out-form">
              <legend>{open.startedAt ? t('cg.inProgress', { time: formatDateTime(open.startedAt) }) : t('cg.tasksDone')}</legend>
              <div class="checks">
                {visit.tasks.map((task) => (
                  <label key={task} class="check">
                    <input type="checkbox" data-testid="task-done" value={task} checked={done.includes(task)}
                      onChange={(e) => {
                        const on = (e.currentTarget as HTMLInputElement).checked;
                        const now = latestDone().tasks;
                        updateDone({ tasks: on ? [...now, task] : now.filter((x) => x !== task) });
                      }} />
                    {label('task.', task)}
                  </label>
                ))}
              </div>
              <button type="button" class="primary" data-testid="check-out" onClick={() => void checkOut()}>
                {t('cg.checkOut')}
              </button>
            </fieldset>
          ) : (
            <button type="button" class="primary" data-testid="check-in" onClick={() => void checkIn()}>
              {t('cg.checkIn')}
            </button>
          )}
          <button type="button" data-testid="observation-open" aria-expanded={observing} onClick={() => setObserving(!observing)}>
            {t('obs.open')}
          </button>
        </div>
      )}
      {observing && <ObservationForm visit={visit} onDone={() => setObserving(false)} />}
      <PendingList id={visit.order_id} />
    </li>
  );
}

/** What she already did there that day: the card says so after the check-out. */
function FinishedVisits({ visits }: { visits: FinishedVisit[] }) {
  if (visits.length === 0) return null;
  return (
    <ul class="plain finished-visits" data-testid="finished-visits">
      {visits.map((v) => (
        <li key={v.visit_id} data-testid="finished-visit">
          <span class="badge badge-done">{t('cg.finished')}</span>{' '}
          {t('cg.finishedWhen', { from: formatTime(v.started_at), to: formatTime(v.ended_at), duration: formatDuration(v.minutes) })}
          {v.tasks_done.length > 0 && <span class="muted"> · {v.tasks_done.map((task) => label('task.', task)).join(', ')}</span>}
        </li>
      ))}
    </ul>
  );
}

function ObservationForm({ visit, onDone }: { visit: CaregiverVisit; onDone: () => void }) {
  const { outbox } = useApp();
  const [form, update, latest, draft] = useDraft(draftKey('observation', `${visit.order_id}:${visit.day}`), { kind: 'health_worsening', note: '' });
  const { kind, note } = form;
  const [error, setError] = useState<MessageKey | null>(null);
  const id = `obs-${visit.order_id}-${visit.day}`;
  return (
    <form class="form subform" noValidate data-testid="observation-form" onSubmit={async (e) => {
      e.preventDefault();
      const { kind, note } = latest();
      if (!note.trim()) {
        setError('obs.err.note');
        document.getElementById(`${id}-note`)?.focus();
        return;
      }
      await outbox.enqueue(
        careCommand(visit.order_id, visit.order_version, 'observation_raised', {
          observation_id: crypto.randomUUID(),
          kind,
          note: note.trim(),
          raised_at: localIsoWithOffset(),
        }),
      );
      await draft.clear();
      onDone();
    }}>
      <DraftNote draft={draft} />
      <label for={`${id}-kind`}>{t('obs.kind')}</label>
      <select id={`${id}-kind`} data-testid="observation-kind" value={kind} onChange={(e) => update({ kind: (e.currentTarget as HTMLSelectElement).value })}>
        {OBSERVATION_KINDS.map((k) => (
          <option key={k} value={k}>{t(`obs.kind.${k}` as MessageKey)}</option>
        ))}
      </select>
      <label for={`${id}-note`}>{t('obs.note')}</label>
      <textarea id={`${id}-note`} rows={3} data-testid="observation-note" value={note}
        onInput={(e) => update({ note: (e.currentTarget as HTMLTextAreaElement).value })} {...invalidProps(`${id}-note`, error)} />
      <FieldError id={`${id}-note-error`} error={error} />
      <button type="submit" class="primary" data-testid="observation-submit">{t('obs.submit')}</button>
    </form>
  );
}

function VisitsScreen() {
  const { views } = useApp();
  const view = useView<CaregiverVisit[]>(VISITS, () => views.refresh(VISITS, PATH));
  // The outbox forgets an entry once the server has it: remember what each one was.
  const queued = useRef(new Map<string, OutboxEntry>());
  for (const entry of useOutboxEntries()) queued.current.set(entry.command_id, entry);
  useAcked(null, async (position, ack) => {
    const entry = queued.current.get(ack.command_id);
    queued.current.delete(ack.command_id);
    const kept = (await views.cached(VISITS))?.data as CaregiverVisit[] | undefined;
    if (entry && kept) await views.put(VISITS, afterAck(kept, entry, ack.version));
    await views.refresh(VISITS, PATH, position).catch(() => undefined);
  });
  const today = localToday();
  const rows = [...(view.data ?? [])].sort((a, b) => (a.day + a.start).localeCompare(b.day + b.start));
  const todays = rows.filter((v) => v.day === today);
  const later = rows.filter((v) => v.day > today);
  return (
    <main class="screen">
      <ScreenTitle>{t('cg.title')}</ScreenTitle>
      <ViewNote view={view} />
      {view.data !== undefined && rows.length === 0 && <p>{t('cg.empty')}</p>}
      {todays.length > 0 && (
        <section aria-labelledby="cg-today">
          <h2 id="cg-today">{t('cg.today')}</h2>
          <ul class="plain" data-testid="care-visits-today">
            {todays.map((v) => (
              <VisitRow key={`${v.order_id}-${v.day}-${v.start}`} visit={v} today />
            ))}
          </ul>
        </section>
      )}
      {later.length > 0 && (
        <section aria-labelledby="cg-later">
          <h2 id="cg-later">{t('cg.upcoming')}</h2>
          <ul class="plain" data-testid="care-visits-upcoming">
            {later.map((v) => (
              <VisitRow key={`${v.order_id}-${v.day}-${v.start}`} visit={v} today={false} />
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}

export default function CaregiverApp() {
  const route = useRoute();
  return (
    <>
      {route.name !== 'issues' && <IssuesBanner />}
      {route.name === 'issues' ? <IssuesScreen /> : <VisitsScreen />}
    </>
  );
}
