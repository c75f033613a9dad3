import { formatDuration, formatHours, formatMoney, formatPercent } from '../../format';
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { draftKey } from '../../drafts';
import { DraftNote } from '../../ui/DraftNote';
import { useDraft } from '../../ui/useDraft';
import { orderCommand, scheduleErrors, scheduleValid, slotsOf, type SlotInput } from '../../care';
import { localToday } from '../../commands';
import type { Caregiver, MonthReport, Order } from '../../contract';
import { formatDate, formatDateTime, label, t, type MessageKey } from '../../i18n';
import { useApp } from '../../ui/context';
import { errorText } from '../../ui/errors';
import { href } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useView, ViewNote } from '../../ui/useView';
import { FieldError, invalidProps, PendingList, Section, useAcked } from '../shared/common';
import { FolderChanges, WaitingNote } from './FolderChanges';
import { useLiveQueue } from './liveQueue';

const orderKey = (id: string) => `order:${id}`;
const CAREGIVERS = 'caregivers';

/** The provider's caregivers (kept on the tablet, so the picker works without signal). */
function useCaregivers() {
  const { views } = useApp();
  return useView<Caregiver[]>(CAREGIVERS, () => views.refresh(CAREGIVERS, '/api/caregivers'));
}

export function OrderScreen({ orderId }: { orderId: string }) {
  const { views } = useApp();
  const path = `/api/handoff/orders/${encodeURIComponent(orderId)}`;
  const view = useView<Order>(orderKey(orderId), () => views.refresh(orderKey(orderId), path));
  const live = useLiveQueue();
  useAcked(orderId, (position) => void views.refresh(orderKey(orderId), path, position).catch(() => undefined));
  useEffect(() => live.seen(orderId), [orderId]);
  const fromStream = live.rows?.find((r) => r.order.order_id === orderId)?.order;
  const fetched = view.data;
  // the stream may be ahead of the fetched copy (or the other way round): show the newer. A
  // change in the folder moves the order's position, not its version (issue #20).
  const newer = (a: Order, b: Order) => a.version > b.version || (a.version === b.version && a.position > b.position);
  const order = fromStream && (!fetched || newer(fromStream, fetched)) ? fromStream : fetched;

  return (
    <main class="screen" data-testid="order-view" data-order-id={orderId}>
      <a class="back" href={href.home()}>← {t('common.back')}</a>
      <ScreenTitle>{order ? order.client_name : t('mcus.title')}</ScreenTitle>
      {!order && <ViewNote view={view} />}
      <PendingList id={orderId} />
      {order && <OrderDetail order={order} />}
    </main>
  );
}

function OrderDetail({ order }: { order: Order }) {
  const { outbox } = useApp();
  const terms = order.terms;
  const send = async (action: Parameters<typeof orderCommand>[2], body: Record<string, unknown>) => {
    await outbox.enqueue(orderCommand(order.order_id, order.version, action, body));
  };
  const today = localToday();
  const ended = order.status === 'ended';
  // waiting for a place or for acceptance: nothing to assign, schedule or suspend yet
  const notStarted = order.status === 'awaiting_acceptance' || order.status === 'waiting';
  const caregivers = useCaregivers().data;
  const caregiverName = order.caregiver_id
    ? caregivers?.find((c) => c.user_id === order.caregiver_id)?.name ?? t('order.caregiverOffList', { id: order.caregiver_id })
    : t('common.none');
  return (
    <>
      {order.changed && (
        <div class="notice row" data-testid="order-changed">
          <span>{t('order.changedNote')}</span>
          <button type="button" class="primary" data-testid="order-acknowledge" onClick={() => void send('change-acknowledgement', {})}>
            {t('order.acknowledge')}
          </button>
        </div>
      )}
      <WaitingNote order={order} />
      <FolderChanges order={order} onSeen={(upTo) => void send('folder-changes-seen', { up_to: upTo })} />
      <section class="card" data-testid="handoff-info">
        <dl class="facts">
          <dt>{t('order.client')}</dt>
          <dd data-testid="order-client">{order.client_name}</dd>
          <dt>{t('order.address')}</dt>
          <dd data-testid="order-address">{order.address_line}</dd>
          <dt>{t('order.phone')}</dt>
          <dd>{order.contact_phone ?? t('common.none')}</dd>
          <dt>{t('care.accessNotes')}</dt>
          <dd data-testid="order-access">{order.access_notes || t('common.none')}</dd>
          <dt>{t('care.healthNotes')}</dt>
          <dd data-testid="order-health">{order.health_notes || t('common.none')}</dd>
          <dt>{t('care.familyNotes')}</dt>
          <dd data-testid="order-family">{order.family_notes || t('common.none')}</dd>
          <dt>{t('order.household')}</dt>
          <dd>{order.household_summary || t('common.none')}</dd>
          <dt>{t('order.socialWorker')}</dt>
          <dd data-testid="order-social-worker">
            {order.social_worker_name ?? t('common.none')}
            {order.social_worker_phone && (
              <>
                {' · '}
                <a href={`tel:${order.social_worker_phone}`}>{order.social_worker_phone}</a>
              </>
            )}
          </dd>
          <dt>{t('dm.status')}</dt>
          <dd data-testid="order-status">{label('order.status.', order.status)}</dd>
          <dt>{t('order.caregiverAssigned')}</dt>
          <dd data-testid="order-caregiver">{caregiverName}</dd>
          {(order.covers ?? []).length > 0 && (
            <>
              <dt>{t('order.covers')}</dt>
              <dd data-testid="order-covers">
                {(order.covers ?? []).map((c) => (
                  <span key={`${c.caregiver_id}:${c.date_from}`} data-testid="order-cover" class="line-details">
                    {t('order.cover', {
                      name: caregivers?.find((g) => g.user_id === c.caregiver_id)?.name ?? c.caregiver_id,
                      from: formatDate(c.date_from), to: formatDate(c.date_to),
                    })}
                  </span>
                ))}
              </dd>
            </>
          )}
          <dt>{t('dm.caseReference')}</dt>
          <dd>{order.case_reference}</dd>
          <dt>{t('folder.observations')}</dt>
          <dd>{order.observations}</dd>
        </dl>
      </section>
      <Section title={t('order.terms')}>
        <p data-testid="order-terms">
          {(terms.tasks ?? []).map((task) => label('task.', task)).join(', ')}
          <br />
          {t('order.hours', { d: formatHours(terms.hours_per_day), w: formatHours(terms.hours_per_week) })}
          <br />
          {(terms.weekdays ?? []).map((d) => label('weekday.', String(d))).join(', ')}
          <br />
          {t('order.period', { from: formatDate(terms.period_from), to: formatDate(terms.period_to) })} · {terms.place}
          <br />
          {t('care.hourlyCost')}: <span data-testid="order-hourly-cost">{formatMoney(terms.hourly_cost)}</span> · {t('care.feeShare')}: {formatPercent(terms.fee_share_percent)}
        </p>
      </Section>
      {!ended && (
        <div class="actions-row">
          {order.status === 'awaiting_acceptance' && (
            <button type="button" class="primary" data-testid="order-accept" onClick={() => void send('acceptance', { on: today })}>
              {t('order.accept')}
            </button>
          )}
        </div>
      )}
      {!ended && !notStarted && <CaregiverForm order={order} send={send} />}
      {!ended && !notStarted && (
        <ScheduleEditor order={order} onSave={(slots) => send('schedule', { slots })} />
      )}
      {!ended && !notStarted && <SuspendForm key={order.status} order={order} send={send} />}
      <MonthPanel order={order} send={send} />
    </>
  );
}

type Send = (action: Parameters<typeof orderCommand>[2], body: Record<string, unknown>) => Promise<void>;

function CaregiverForm({ order, send }: { order: Order; send: Send }) {
  const view = useCaregivers();
  const caregivers = view.data ?? [];
  const [form, update, latest, draft] = useDraft(draftKey('caregiver', order.order_id), { id: order.caregiver_id ?? '' });
  const [error, setError] = useState<MessageKey | null>(null);
  const offList = form.id !== '' && !caregivers.some((c) => c.user_id === form.id);
  return (
    <Section title={t('order.caregiver')}>
      <form class="form" noValidate data-testid="caregiver-form" onSubmit={(e) => {
        e.preventDefault();
        const id = latest().id;
        if (!id) return setError('order.err.caregiverPick');
        setError(null);
        void draft.clear().then(() => send('caregiver', { caregiver_id: id }));
      }}>
        <DraftNote draft={draft} />
        <label for="caregiver-select">{t('order.caregiverPick')}</label>
        <select id="caregiver-select" data-testid="caregiver-select" value={form.id}
          onChange={(e) => update({ id: (e.currentTarget as HTMLSelectElement).value })} {...invalidProps('caregiver-select', error)}>
          <option value="">{t('order.caregiverChoose')}</option>
          {caregivers.map((c) => (
            <option key={c.user_id} value={c.user_id}>{c.name}</option>
          ))}
          {offList && <option value={form.id}>{t('order.caregiverOffList', { id: form.id })}</option>}
        </select>
        <FieldError id="caregiver-select-error" error={error} />
        {view.data !== undefined && caregivers.length === 0 && <p class="muted">{t('order.caregiversEmpty')}</p>}
        <ViewNote view={view} />
        <button type="submit" data-testid="caregiver-assign">{t('order.assign')}</button>
      </form>
    </Section>
  );
}

const blankRow = (weekday = ''): SlotInput => ({ weekday, start: '09:00', minutes: '60' });

export function ScheduleEditor({ order, onSave }: { order: Order; onSave: (slots: ReturnType<typeof slotsOf>) => void }) {
  const ordered = order.terms?.weekdays ?? [];
  const [state, update, latest, draft] = useDraft<{ rows: SlotInput[] }>(draftKey('schedule', order.order_id), {
    rows: order.schedule?.length
      ? order.schedule.map((s) => ({ weekday: String(s.weekday), start: s.start.slice(0, 5), minutes: String(s.minutes) }))
      : [blankRow(ordered[0] ? String(ordered[0]) : '')],
  });
  const rows = state.rows;
  const setRows = (next: SlotInput[]) => update({ rows: next });
  const [result, setResult] = useState<ReturnType<typeof scheduleErrors> | null>(null);
  const setRow = (i: number, patch: Partial<SlotInput>) =>
    setRows(latest().rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const v = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  return (
    <Section title={t('schedule.title')} testid="schedule-editor">
      <form class="form" noValidate onSubmit={(e) => {
        e.preventDefault();
        const current = latest().rows;
        const checked = scheduleErrors(current, ordered);
        setResult(checked);
        if (!scheduleValid(checked)) return;
        onSave(slotsOf(current));
        void draft.clear();
      }}>
        <DraftNote draft={draft} />
        <table class="slots">
          <thead>
            <tr>
              <th scope="col">{t('schedule.weekday')}</th>
              <th scope="col">{t('schedule.start')}</th>
              <th scope="col">{t('schedule.minutes')}</th>
              <th scope="col"><span class="visually-hidden">{t('common.remove')}</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const e = result?.rows[i] ?? {};
              return (
                <tr key={i} data-testid="schedule-row">
                  <td>
                    <select aria-label={t('schedule.weekday')} data-testid="schedule-weekday" value={row.weekday}
                      onChange={(ev) => setRow(i, { weekday: v(ev) })} {...invalidProps(`slot-${i}-weekday`, e.weekday)}>
                      <option value="">—</option>
                      {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                        <option key={d} value={String(d)}>{t(`weekday.${d}` as MessageKey)}</option>
                      ))}
                    </select>
                    <FieldError id={`slot-${i}-weekday-error`} error={e.weekday} />
                  </td>
                  <td>
                    <input type="time" aria-label={t('schedule.start')} data-testid="schedule-start" value={row.start}
                      onInput={(ev) => setRow(i, { start: v(ev) })} {...invalidProps(`slot-${i}-start`, e.start)} />
                    <FieldError id={`slot-${i}-start-error`} error={e.start} />
                  </td>
                  <td>
                    <input type="number" min={1} max={720} inputMode="numeric" aria-label={t('schedule.minutes')}
                      data-testid="schedule-minutes" value={row.minutes}
                      onInput={(ev) => setRow(i, { minutes: v(ev) })} {...invalidProps(`slot-${i}-minutes`, e.minutes)} />
                    <FieldError id={`slot-${i}-minutes-error`} error={e.minutes} />
                  </td>
                  <td>
                    <button type="button" class="ghost" data-testid="schedule-remove" onClick={() => setRows(latest().rows.filter((_, j) => j !== i))}>
                      {t('common.remove')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {result?.form && <p class="error" role="alert">{t(result.form)}</p>}
        <div class="row">
          <button type="button" data-testid="schedule-add" onClick={() => setRows([...latest().rows, blankRow()])}>
            {t('schedule.addRow')}
          </button>
          <button type="submit" class="primary" data-testid="schedule-submit">{t('schedule.submit')}</button>
        </div>
      </form>
    </Section>
  );
}

function SuspendForm({ order, send }: { order: Order; send: Send }) {
  const suspended = order.status === 'suspended';
  const [form, update, latest, draft] = useDraft(draftKey(suspended ? 'resumption' : 'suspension', order.order_id), { on: localToday(), reason: '' });
  const { on, reason } = form;
  const [error, setError] = useState<MessageKey | null>(null);
  return (
    <Section title={suspended ? t('order.resume') : t('order.suspend')}>
      <form class="form" noValidate data-testid="suspend-form" onSubmit={(e) => {
        e.preventDefault();
        const { on, reason } = latest();
        if (suspended) return void draft.clear().then(() => send('resumption', { on }));
        if (!reason.trim()) return setError('order.err.reason');
        setError(null);
        // The draft goes before the command is queued: the answer refreshes the order and may
        // show this form anew, which would otherwise find the draft still kept and restore it.
        void draft.clear().then(() => send('suspension', { on, reason: reason.trim() }));
      }}>
        <DraftNote draft={draft} />
        <label for="suspend-on">{t('order.on')}</label>
        <input id="suspend-on" type="date" value={on} onInput={(e) => update({ on: (e.currentTarget as HTMLInputElement).value })} />
        {!suspended && (
          <>
            <label for="suspend-reason">{t('order.reason')}</label>
            <input id="suspend-reason" data-testid="suspend-reason" value={reason}
              onInput={(e) => update({ reason: (e.currentTarget as HTMLInputElement).value })} {...invalidProps('suspend-reason', error)} />
            <FieldError id="suspend-reason-error" error={error} />
          </>
        )}
        <button type="submit" data-testid={suspended ? 'order-resume' : 'order-suspend'}>
          {suspended ? t('order.resume') : t('order.suspend')}
        </button>
      </form>
    </Section>
  );
}

function lastMonth(): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

function MonthPanel({ order, send }: { order: Order; send: Send }) {
  const { api } = useApp();
  const [month, setMonth] = useState(lastMonth());
  const [report, setReport] = useState<MonthReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [y, m] = month.split('-').map(Number);
  async function load(after?: number) {
    if (!y || !m) return;
    try {
      const path = `/api/handoff/orders/${encodeURIComponent(order.order_id)}/months/${y}/${m}`;
      setReport(await api.request<MonthReport>('GET', after === undefined ? path : `${path}?after=${after}`));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }
  useAcked(order.order_id, (position) => {
    if (report) void load(position);
  });
  useEffect(() => void load(), [month]);
  const s = report?.settlement as Record<string, unknown> | null | undefined;
  return (
    <Section title={t('month.title')} testid="month-panel">
      <div class="row">
        <label for="month-pick">{t('month.pick')}</label>
        <input id="month-pick" type="month" data-testid="month-pick" value={month}
          onInput={(e) => setMonth((e.currentTarget as HTMLInputElement).value)} />
        <button type="button" onClick={() => void load()}>{t('month.show')}</button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {report && (
        <div data-testid="month-report">
          <dl class="facts">
            <dt>{t('month.ordered')}</dt>
            <dd data-testid="month-ordered">{formatHours(report.ordered_hours)}</dd>
            <dt>{t('month.delivered')}</dt>
            <dd data-testid="month-delivered">{formatHours(report.delivered_hours)}</dd>
            <dt>{t('month.flagged')}</dt>
            <dd data-testid="month-flagged">{report.flagged_visits}</dd>
          </dl>
          {report.visits.length > 0 && (
            <table class="slots">
              <caption>{t('month.visits')}</caption>
              <tbody>
                {report.visits.map((v) => (
                  <tr key={v.visit_id} class={v.flags?.length ? 'flagged' : ''}>
                    <td>{formatDateTime(v.started_at)}</td>
                    <td>{v.minutes === null || v.minutes === undefined ? '—' : formatDuration(v.minutes)}</td>
                    <td>{(v.flags ?? []).map((f) => label('flag.', f)).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('month.settlement')}</h3>
          {s ? (
            <dl class="facts" data-testid="month-settlement">
              {(['total', 'client_pays', 'municipality_pays'] as const).map((k) =>
                k in s ? (
                  <Fragment key={k}>
                    <dt>{t(`month.${k}`)}</dt>
                    <dd data-testid={`month-${k}`}>{formatMoney(String(s[k]))}</dd>
                  </Fragment>
                ) : null,
              )}
            </dl>
          ) : (
            <>
              <p>{t('month.notSettled')}</p>
              {/* a month can be closed once it is over */}
              {month < localToday().slice(0, 7) && <button type="button" class="primary" data-testid="month-close"
                onClick={() => void send('settlements', { year: y, month: m, closed_on: localToday() })}>
                {t('month.close')}
              </button>}
            </>
          )}
        </div>
      )}
    </Section>
  );
}
