// The manager's statistical return (MRPiPS-03): pick the period, see the figures now laid out
// like the form, compile a draft (Sporządź), submit exactly the reviewed draft (Złóż), verify
// the submission against a recount from the event log (Sprawdź), and download the files.
// Compile and submit are commands: they go through the outbox like every other command.
import { useState } from 'preact/hooks';
import { localToday } from '../../commands';
import type { CheckFoldersOut, ReturnDifference, ReturnFiguresOut, ReturnPart, ReturnVerification, ReturnView, RuleFailure } from '../../contract';
import { formatDate, formatDateTime, t, type MessageKey } from '../../i18n';
import {
  checkFoldersPath,
  rowLabel,
  asOfError,
  asUtc,
  comparisonErrors,
  compileCommand,
  differenceKey,
  differenceLabel,
  differencePath,
  isoToLocalInput,
  localInputToIso,
  returnAsOfKey,
  returnAsOfPath,
  EXPORT_FORMATS,
  fetchExport,
  figuresOf,
  formatLabel,
  inFormOrder,
  periodLastDay,
  returnKey,
  returnPath,
  returnsHref,
  shortHash,
  showValue,
  submitBlock,
  submitCommand,
  submitProblem,
  yearChoices,
  type ExportFormat,
  type ExportSource,
  type Source,
} from '../../returns';
import { saveFile } from '../../download';
import { useApp } from '../../ui/context';
import { errorInfoText, errorText } from '../../ui/errors';
import { navigate } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useOutboxEntries } from '../../ui/useOutbox';
import { draftKey } from '../../drafts';
import { DraftNote } from '../../ui/DraftNote';
import { useDraft } from '../../ui/useDraft';
import { useView, ViewNote } from '../../ui/useView';
import { FieldError, invalidProps, PendingList, Section, useAcked } from '../shared/common';
import { ReturnCharts, ReturnTables } from './ReturnsTables';
import { ScrollRegion } from '../../ui/ScrollRegion';

export function ReturnsScreen({ year, part }: { year: number; part: ReturnPart }) {
  const { views } = useApp();
  // null: the figures now; else an ISO time: the figures as the data stood then (kept apart)
  const [asOf, setAsOf] = useState<string | null>(null);
  const key = returnAsOfKey(year, part, asOf);
  const path = returnAsOfPath(year, part, asOf);
  const view = useView<ReturnView>(key, () => views.refresh(key, path));
  // Read your own write: once the outbox delivered a compile or submit, read with ?after=.
  useAcked(returnKey(year, part), (position) => void views.refresh(key, path, position).catch(() => undefined));
  const [source, setSource] = useState<Source>('live');
  const data = view.data;
  const shown = data ? figuresOf(data, source) : null;
  return (
    <>
      <ScreenTitle>{t('ret.title')}</ScreenTitle>
      <PeriodPicker year={year} part={part} />
      <div data-testid="returns-screen" data-year={year} data-part={part} data-as-of={asOf ?? ''}>
        <AsOfPicker draftId={`${year}:${part}`} asOf={asOf} onChange={setAsOf} />
        <ViewNote view={view} />
        {asOf && <p class="notice" data-testid="as-of-note">{t('ret.asOfNote', { time: formatDateTime(asOf) })}</p>}
        <SubmitProblemNote returnKey={key} onReview={() => void views.refresh(key, path).catch(() => undefined)} />
        <PendingList id={key} />
        {data && (
          <>
            <StatusSection view={data} year={year} part={part} />
            <Differences view={data} />
            <Comparison year={year} part={part} view={data} />
            <div class="card" data-testid="return-figures">
              <label class="source-pick">
                {t('ret.shown')}
                <select data-testid="return-source" value={source}
                  onChange={(e) => setSource((e.currentTarget as HTMLSelectElement).value as Source)}>
                  <option value="live">{asOf ? t('ret.liveAsOf', { time: formatDateTime(asOf) }) : t('ret.live')}</option>
                  {data.draft && <option value="draft">{t('ret.draft')}</option>}
                  {data.submitted && <option value="submitted">{t('ret.submitted')}</option>}
                </select>
              </label>
              {shown && <FiguresFacts figures={shown} />}
            </div>
            {shown && <ReturnTables figures={shown.figures} />}
            {shown && <ReturnCharts figures={shown.figures} />}
          </>
        )}
      </div>
    </>
  );
}

function PeriodPicker({ year, part }: { year: number; part: ReturnPart }) {
  const go = (y: number, p: ReturnPart) => navigate(returnsHref(y, p));
  const years = yearChoices(localToday());
  return (
    <fieldset class="period-picker" data-testid="return-period">
      <legend class="visually-hidden">{t('ret.period')}</legend>
      <label>
        {t('ret.year')}
        <select data-testid="return-year" value={String(year)}
          onChange={(e) => go(Number((e.currentTarget as HTMLSelectElement).value), part)}>
          {(years.includes(year) ? years : [year, ...years]).map((y) => <option key={y} value={String(y)}>{y}</option>)}
        </select>
      </label>
      <label>
        {t('ret.part')}
        <select data-testid="return-part" value={part}
          onChange={(e) => go(year, (e.currentTarget as HTMLSelectElement).value as ReturnPart)}>
          <option value="H1">{t('ret.part.H1')}</option>
          <option value="Y">{t('ret.part.Y')}</option>
        </select>
      </label>
    </fieldset>
  );
}

/** Hash shortened, log position, as-of time: what identifies a set of figures. */
/** The form layout the app lays out new returns in (domain/mrpips03_rows.py LAYOUT). */
const CURRENT_LAYOUT = '2026';

function FiguresFacts({ figures, testid }: { figures: ReturnFiguresOut; testid?: string }) {
  return (
    <dl class="facts" data-testid={testid}>
      <dt>{t('ret.hash')}</dt>
      <dd class="hash" title={figures.content_hash} data-testid={testid && `${testid}-hash`}>{shortHash(figures.content_hash)}</dd>
      <dt>{t('ret.position')}</dt>
      <dd data-testid={testid && `${testid}-position`}>{figures.position}</dd>
      <dt>{t('ret.asOf')}</dt>
      <dd data-testid={testid && `${testid}-as-of`}>{formatDateTime(asUtc(figures.as_of))}</dd>
      {figures.layout && figures.layout !== CURRENT_LAYOUT && (
        <dd class="notice" data-testid={testid ? `${testid}-old-layout` : 'old-layout'}>{t('ret.layout.old', { layout: figures.layout })}</dd>
      )}
    </dl>
  );
}

function StatusSection({ view, year, part }: { view: ReturnView; year: number; part: ReturnPart }) {
  const outdated = view.draft && view.draft.content_hash !== view.live.content_hash;
  return (
    <Section title={t('ret.status')} testid="return-status">
      <div class="return-status">
        <div data-testid="return-draft" data-state={view.draft ? 'compiled' : 'none'}>
          <h3>{t('ret.draft')}</h3>
          {view.draft ? <FiguresFacts figures={view.draft} testid="draft" /> : <p>{t('ret.noDraft')}</p>}
          {outdated && <p class="notice" data-testid="draft-outdated">{t('ret.draftOutdated')}</p>}
        </div>
        <div data-testid="return-submitted" data-state={view.submitted ? 'submitted' : 'none'}>
          <h3>{t('ret.submitted')}</h3>
          {view.submitted ? (
            <>
              <FiguresFacts figures={view.submitted} testid="submitted" />
              <dl class="facts">
                <dt>{t('ret.revision')}</dt>
                <dd data-testid="submitted-revision">{view.submitted_revision ?? '—'}</dd>
                <dt>{t('ret.submittedOn')}</dt>
                <dd>{formatDate(view.submitted_on)}</dd>
              </dl>
            </>
          ) : (
            <p>{t('ret.notSubmitted')}</p>
          )}
        </div>
      </div>
      {view.draft && <Checks draft={view.draft} year={year} part={part} />}
      <Actions view={view} year={year} part={part} />
    </Section>
  );
}

function Actions({ view, year, part }: { view: ReturnView; year: number; part: ReturnPart }) {
  const { outbox } = useApp();
  const key = returnKey(year, part);
  const entries = useOutboxEntries(key);
  const queued = entries.some((e) => e.status === 'pending' || e.status === 'sending');
  const block = submitBlock(view, year, part, localToday(), entries);
  const compile = async () => {
    await outbox.enqueue(compileCommand(year, part));
  };
  const submit = async () => {
    await outbox.enqueue(submitCommand(year, part, view));
  };
  return (
    <div class="return-actions" role="group" aria-label={t('ret.actions')}>
      <div class="action">
        <button type="button" class="primary" data-testid="return-compile" disabled={queued}
          aria-describedby="compile-help" onClick={() => void compile()}>
          {t('ret.compile')}
        </button>
        <p id="compile-help" class="muted">{t('ret.compileHelp')}</p>
      </div>
      <div class="action">
        <button type="button" class="primary" data-testid="return-submit" disabled={block !== null}
          aria-describedby="submit-help" onClick={() => void submit()}>
          {t('ret.submit')}
        </button>
        <p id="submit-help" class="muted" data-testid="submit-help">
          {block === null
            ? t('ret.submitHelp', { hash: shortHash(view.draft?.content_hash) })
            : t(`ret.block.${block}` as MessageKey, { day: formatDate(periodLastDay(year, part)) })}
        </p>
      </div>
      <Verify year={year} part={part} submitted={view.submitted !== null} />
      <Downloads year={year} part={part} submitted={view.submitted !== null} />
    </div>
  );
}

/** The form's consistency rules the draft breaks; for a rule particular families cause, the
 * folders behind it on request (the server logs that read of their data). */
function Checks({ draft, year, part }: { draft: ReturnFiguresOut; year: number; part: ReturnPart }) {
  const failures = draft.checks ?? [];
  if (failures.length === 0) {
    return <p class="muted" data-testid="return-checks" data-state="ok">{t('ret.checks.ok')}</p>;
  }
  return (
    <div class="return-checks" role="alert" data-testid="return-checks" data-state="failed">
      <h3>{t('ret.checks.title')}</h3>
      <ul>
        {failures.map((f) => (
          <CheckItem key={`${f.rule}:${f.row}`} failure={f} year={year} part={part} asOf={draft.as_of} />
        ))}
      </ul>
    </div>
  );
}

function CheckItem({ failure, year, part, asOf }: { failure: RuleFailure; year: number; part: ReturnPart; asOf: string }) {
  const { api } = useApp();
  const [state, setState] = useState<{ busy: boolean; result?: CheckFoldersOut; error?: unknown }>({ busy: false });
  const show = async () => {
    setState({ busy: true });
    try {
      setState({ busy: false, result: await api.request<CheckFoldersOut>('GET', checkFoldersPath(year, part, failure.rule, failure.row, asOf)) });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <li data-testid="return-check" data-rule={failure.rule} data-row={failure.row}>
      <strong>{t(`ret.rule.${failure.rule}` as MessageKey)}</strong>{' '}
      <span title={failure.row}>{t('ret.checks.row', { row: rowLabel(failure.row) })}</span>{' '}
      <span class="hash">{Object.entries(failure.figures).map(([k, v]) => `${k} ${v}`).join(' · ')}</span>
      {failure.has_folders ? (
        <button type="button" data-testid="return-check-folders" disabled={state.busy} onClick={() => void show()}>
          {t('ret.checks.folders')}
        </button>
      ) : (
        <p class="muted">{t('ret.checks.noFolders')}</p>
      )}
      {state.result && (
        <ul data-testid="return-check-folder-list">
          {state.result.folders.map((f) => (
            <li key={f.folder_id} data-testid="return-check-folder" data-folder={f.folder_id}>
              {f.head_name} · {f.address_line} · {f.team_id}
            </li>
          ))}
        </ul>
      )}
      {state.error !== undefined && <p class="error">{errorText(state.error)}</p>}
    </li>
  );
}

function Verify({ year, part, submitted }: { year: number; part: ReturnPart; submitted: boolean }) {
  const { api } = useApp();
  const [state, setState] = useState<{ busy: boolean; result?: ReturnVerification; error?: unknown }>({ busy: false });
  const verify = async () => {
    setState({ busy: true });
    try {
      setState({ busy: false, result: await api.request<ReturnVerification>('GET', `${returnPath(year, part)}/verification`) });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  const r = state.result;
  return (
    <div class="action">
      <button type="button" class="primary" data-testid="return-verify" disabled={!submitted || state.busy}
        aria-describedby="verify-help" onClick={() => void verify()}>
        {state.busy ? t('ret.verify.busy') : t('ret.verify')}
      </button>
      <p id="verify-help" class="muted">{t('ret.verifyHelp')}</p>
      <div role="status" aria-live="polite" class="verify-result">
        {r && (
          <div class={r.equal ? 'verify-ok' : 'verify-bad'} data-testid="verify-result" data-equal={String(r.equal)}>
            <p>{r.equal ? t('ret.verify.equal', { events: r.events_read, position: r.position }) : t('ret.verify.different')}</p>
            <p class="hash">{t('ret.verify.hashes', { submitted: shortHash(r.submitted_hash), recounted: shortHash(r.recounted_hash) })}</p>
            {r.differences.length > 0 && <DifferenceTable rows={r.differences} testid="verify-differences" />}
          </div>
        )}
        {state.error !== undefined && <p class="error" data-testid="verify-error">{errorText(state.error)}</p>}
      </div>
    </div>
  );
}

function Downloads({ year, part, submitted }: { year: number; part: ReturnPart; submitted: boolean }) {
  const { auth, notify } = useApp();
  // Until the manager picks, the submitted return if there is one (it may be submitted meanwhile).
  const [source, setSource] = useState<ExportSource | null>(null);
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<unknown>(null);
  const chosen: ExportSource = submitted ? source ?? 'submitted' : 'live';
  const download = async (format: ExportFormat) => {
    setBusy(format);
    setError(null);
    try {
      const file = await fetchExport(auth.fetch, auth.token(), year, part, format, chosen);
      saveFile(file.blob, file.filename);
      notify(t('ret.download.done', { file: file.filename }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div class="action downloads" role="group" aria-label={t('ret.downloads')}>
      <label>
        {t('ret.download.source')}
        <select data-testid="download-source" value={chosen}
          onChange={(e) => setSource((e.currentTarget as HTMLSelectElement).value as ExportSource)}>
          <option value="live">{t('ret.live')}</option>
          {submitted && <option value="submitted">{t('ret.submitted')}</option>}
        </select>
      </label>
      {EXPORT_FORMATS.map((format) => (
        <button type="button" key={format} data-testid={`download-${format}`} disabled={busy !== null}
          aria-label={t('ret.download.label', { format: formatLabel(format) })} onClick={() => void download(format)}>
          {busy === format ? t('ret.download.busy') : formatLabel(format)}
        </button>
      ))}
      {error !== null && <p class="error" role="alert" data-testid="download-error">{errorText(error)}</p>}
    </div>
  );
}

function DifferenceTable({ rows, testid, heads = ['ret.diff.before', 'ret.diff.after'] }: {
  rows: ReturnView['differences_since_submission'];
  testid: string;
  heads?: [MessageKey, MessageKey];
}) {
  return (
    <ScrollRegion label={t(heads[1] === 'ret.diff.later' ? 'ret.compare' : 'ret.differences')}>
      <table class="data figures" data-testid={testid}>
        <thead>
          <tr>
            <th scope="col">{t('ret.diff.figure')}</th>
            <th scope="col" class="num">{t(heads[0])}</th>
            <th scope="col" class="num">{t(heads[1])}</th>
          </tr>
        </thead>
        <tbody>
          {inFormOrder(rows).map((d) => (
            <tr key={d.path} data-testid="difference-row" data-path={d.path}>
              <th scope="row">{differenceLabel(d.path)}</th>
              <td class="num">{showValue(d.before)}</td>
              <td class="num">{showValue(d.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function Differences({ view }: { view: ReturnView }) {
  const rows = view.differences_since_submission;
  if (rows.length === 0) return null;
  return (
    <Section title={t('ret.differences')} testid="return-differences">
      <p class="notice">{t('ret.differencesNote')}</p>
      <DifferenceTable rows={rows} testid="differences-table" />
    </Section>
  );
}

/** Show the figures as the data stood at a recorded time, or now. */
function AsOfPicker({ draftId, asOf, onChange }: { draftId: string; asOf: string | null; onChange: (asOf: string | null) => void }) {
  const [input, update, latest, draft] = useDraft(draftKey('return-as-of', draftId), { value: asOf ? isoToLocalInput(asOf) : '' });
  const value = input.value;
  const setValue = (v: string) => update({ value: v });
  const [error, setError] = useState<MessageKey | null>(null);
  const show = (event: Event) => {
    event.preventDefault();
    const current = latest().value;
    const problem = asOfError(current);
    setError(problem);
    if (problem) return;
    onChange(localInputToIso(current));
    void draft.clear();
  };
  return (
    <form class="card as-of" onSubmit={show} noValidate data-testid="return-as-of-form">
      <h2 class="as-of-title">{t('ret.asOfTitle')}</h2>
      <DraftNote draft={draft} />
      <label for="return-as-of">{t('ret.asOfLabel')}</label>
      <p class="muted" id="return-as-of-help">{t('ret.asOfHelp')}</p>
      <div class="row">
        <input id="return-as-of" type="datetime-local" data-testid="return-as-of" value={value}
          aria-describedby="return-as-of-help" {...invalidProps('return-as-of', error)}
          onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} />
        <button type="submit" data-testid="return-as-of-show">{t('ret.asOfShow')}</button>
        {asOf && (
          <button type="button" data-testid="return-as-of-now" onClick={() => { setValue(''); setError(null); onChange(null); void draft.clear(); }}>
            {t('ret.asOfNow')}
          </button>
        )}
      </div>
      <FieldError id="return-as-of-error" error={error} />
    </form>
  );
}

/** Which figures changed between two recorded times, with the form's labels. */
function Comparison({ year, part, view }: { year: number; part: ReturnPart; view: ReturnView }) {
  const { views } = useApp();
  // from the submission's (else the draft's) time to now, unless the manager picks others
  const start = view.submitted?.as_of ?? view.draft?.as_of ?? null;
  // null: not touched yet, so `from` follows the view (a submission made meanwhile) and `to` is
  // the moment of asking (to the second: a field holds whole minutes only)
  const [input, update, latest, draft] = useDraft<{ from: string | null; to: string | null }>(draftKey('return-compare', `${year}:${part}`), { from: null, to: null });
  const startValue = start ? isoToLocalInput(start) : '';
  const nowValue = () => isoToLocalInput(new Date().toISOString());
  const from = input.from ?? startValue;
  const to = input.to ?? nowValue();
  const setFrom = (v: string) => update({ from: v });
  const setTo = (v: string) => update({ to: v });
  const [errors, setErrors] = useState<{ from?: MessageKey; to?: MessageKey }>({});
  const [state, setState] = useState<{ busy: boolean; result?: ReturnDifference; error?: unknown }>({ busy: false });
  const compare = async (event: Event) => {
    event.preventDefault();
    const current = latest();
    const found = comparisonErrors(current.from ?? startValue, current.to ?? nowValue());
    setErrors(found);
    if (found.from || found.to) return;
    void draft.clear();
    const a = localInputToIso(current.from ?? startValue)!;
    const b = current.to === null ? new Date().toISOString() : localInputToIso(current.to)!;
    setState({ busy: true });
    try {
      // kept on the tablet like other reads, so it can be shown again without signal
      const result = await views.refresh<ReturnDifference>(differenceKey(year, part, a, b), differencePath(year, part, a, b));
      setState({ busy: false, result });
    } catch (error) {
      const kept = (await views.cached(differenceKey(year, part, a, b)))?.data as ReturnDifference | undefined;
      setState({ busy: false, result: kept, error: kept ? undefined : error });
    }
  };
  const r = state.result;
  const range = r ? { from: formatDateTime(asUtc(r.before)), to: formatDateTime(asUtc(r.after)) } : null;
  return (
    <Section title={t('ret.compare')} testid="return-compare">
      <p class="muted">{t('ret.compareHelp')}</p>
      <DraftNote draft={draft} />
      <form class="compare-form" onSubmit={compare} noValidate>
        <label>
          {t('ret.compareFrom')}
          <input type="datetime-local" id="compare-from" data-testid="compare-from" value={from}
            {...invalidProps('compare-from', errors.from)} onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <FieldError id="compare-from-error" error={errors.from} />
        <label>
          {t('ret.compareTo')}
          <input type="datetime-local" id="compare-to" data-testid="compare-to" value={to}
            {...invalidProps('compare-to', errors.to)} onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <FieldError id="compare-to-error" error={errors.to} />
        <button type="submit" class="primary" data-testid="compare-run" disabled={state.busy}>
          {state.busy ? t('ret.compareBusy') : t('ret.compareRun')}
        </button>
      </form>
      <div role="status" aria-live="polite">
        {r && range && r.differences.length === 0 && <p data-testid="compare-none">{t('ret.compareNone', range)}</p>}
        {r && range && r.differences.length > 0 && (
          <>
            <p data-testid="compare-count">{t('ret.compareCount', { ...range, n: r.differences.length })}</p>
            <DifferenceTable rows={r.differences} testid="compare-differences" heads={['ret.diff.earlier', 'ret.diff.later']} />
          </>
        )}
        {state.error !== undefined && <p class="error" data-testid="compare-error">{errorText(state.error)}</p>}
      </div>
    </Section>
  );
}

/** A submission the server refused, said plainly (above the generic queued-command row). */
function SubmitProblemNote({ returnKey: key, onReview }: { returnKey: string; onReview: () => void }) {
  const { outbox } = useApp();
  const problem = submitProblem(useOutboxEntries(key));
  if (!problem) return null;
  const review = async () => {
    await outbox.discard(problem.entry.command_id);
    onReview();
  };
  return (
    <div class="return-problem" role="alert" data-testid="submit-problem" data-kind={problem.kind}>
      <p>{t(`ret.problem.${problem.kind}`)}</p>
      {problem.kind === 'other' && problem.entry.last_error && <p>{errorInfoText(problem.entry.last_error)}</p>}
      <button type="button" class="primary" data-testid="submit-problem-review" onClick={() => void review()}>
        {t('ret.problem.review')}
      </button>
    </div>
  );
}
