// "Propozycje usług" (issue #20): after the interview, the social worker states the reasons
// for help and her findings; the catalogue (cached on the tablet with its version) proposes
// the packages and services whose conditions the household meets, each with why, and the
// nearest misses with why not — computed on the tablet with @bufbuild/cel, so it works
// offline. With signal, the household's facts (income per person, the criterion) come from
// the server (POST …/services-proposal, logged as a read of personal data) and are kept for
// offline use. The choice is a command through the outbox (…/services-choice): the server
// records the proposal, the catalogue version and the picks; a pick whose conditions fail
// needs a justification. Picks that need a decision lead to applications with their form.
import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  applicationForms, catalogueKey, comparisonOf, entriesOn, factsOf,
  type Catalogue, type CatalogueEntry, type Check, type Facts, type Proposed, type Stated,
} from '../../catalogue';
import { localToday } from '../../commands';
import type { ClientView, Member } from '../../contract';
import { formatMoney, formatPercent } from '../../format';
import { formatDate, formatDateTime, label, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { href } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useView, ViewNote } from '../../ui/useView';
import { folderKey } from '../../views';

const fullName = (m: Member) => `${m.first_name} ${m.last_name}`;
const proposalKey = (folderId: string, personId: string) => `proposal:${folderId}:${personId}`;
const MONEY_FACTS = ['income_per_person', 'criterion'];

interface ServerProposal {
  catalogue_version: number;
  day: string;
  facts: Facts;
}

function valueText(fact: string | null, value: unknown): string {
  if (value === null || value === undefined) return t('proposals.unknown');
  if (fact && MONEY_FACTS.includes(fact)) return formatMoney(value as number);
  if (fact === 'income_percent') return formatPercent(value as number);
  if (typeof value === 'boolean') return value ? t('common.yes') : t('proposals.no');
  if (Array.isArray(value)) return value.join(', ') || '—';
  if (fact === 'disability') return label('disability.', String(value));
  return String(value).replace(/^"(.*)"$/, '$1');
}

const LITERAL_LABELS: Record<string, string> = { findings: 'finding.', reasons: 'reason.', disability: 'disability.' };

/** A check that is not a simple comparison, in words where its shape allows: one fact and the
 * codes it is tested against ("ustalenia: po pobycie w szpitalu"), a yes/no fact ("mieszka
 * sam(a): tak"); otherwise the condition itself with the values of the facts it reads. */
function plainCheck(check: Check): string {
  const facts = Object.keys(check.values);
  const literals = [...check.condition.matchAll(/"([^"\\]*)"|'([^'\\]*)'/g)].map((m) => m[1] ?? m[2] ?? '');
  if (facts.length === 1) {
    const fact = facts[0]!;
    const value = check.values[fact];
    if (typeof value === 'boolean' && literals.length === 0) {
      return `${label('fact.', fact)}: ${valueText(fact, value)}${check.condition.trim().startsWith('!') ? ` (${t('proposals.expectedNo')})` : ''}`;
    }
    const prefix = LITERAL_LABELS[fact];
    if (prefix && literals.length > 0) {
      const wanted = literals.map((l) => label(prefix, l)).join(' / ');
      const negated = check.condition.trim().startsWith('!');
      const stated = Array.isArray(value) ? '' : ` (${valueText(fact, value)})`;
      return `${label('fact.', fact)}${negated ? ` ${t('proposals.without')}` : ''}: ${wanted}${stated}`;
    }
  }
  return `${check.condition} (${facts.map((k) => `${label('fact.', k)}: ${valueText(k, check.values[k])}`).join('; ')})`;
}

/** One reason: "dochód na osobę 1 050,00 zł > kryterium 1 010,00 zł", or the condition with
 * the values of the facts it reads. */
function CheckLine({ check }: { check: Check }) {
  const c = comparisonOf(check);
  const state = check.held === true ? 'held' : check.held === false ? 'failed' : 'unknown';
  const text = c
    ? `${label('fact.', c.left.fact)} ${valueText(c.left.fact, c.left.value)} ${c.op} ${
      c.right.fact ? `${label('fact.', c.right.fact)} ${valueText(c.right.fact, c.right.value)}` : valueText(null, c.right.value)}`
    : plainCheck(check);
  return (
    <li class={`reason reason-${state}`} data-testid="check" data-held={state}>
      <span aria-hidden="true">{state === 'held' ? '✓' : state === 'failed' ? '✗' : '?'}</span> {text}
      {state === 'unknown' && <span class="muted"> — {t('proposals.unknown')}</span>}
    </li>
  );
}

interface EntryCardProps {
  entry: CatalogueEntry;
  proposed: Proposed;
  matched: boolean;
  picked: boolean;
  justification: string;
  onPick: (on: boolean) => void;
  onJustify: (text: string) => void;
  names: Map<string, string>;
  missing: boolean;
}

function EntryCard({ entry, proposed, matched, picked, justification, onPick, onJustify, names, missing }: EntryCardProps) {
  const shown = matched ? proposed.checks : proposed.checks.filter((c) => !c.held);
  return (
    <article class="card entry" data-testid="proposal-entry" data-code={entry.code} data-matched={matched ? 'true' : 'false'}>
      <label class="check pick">
        <input type="checkbox" checked={picked} data-testid="pick"
          onChange={(e) => onPick((e.currentTarget as HTMLInputElement).checked)} />
        <strong>{entry.name_pl}</strong>
      </label>
      <p class="muted">
        {t('proposals.legalBasis', { basis: entry.legal_basis })} {entry.basis_to_confirm && t('proposals.toConfirm')}
      </p>
      <p class="why-label">{matched ? t('proposals.why') : t('proposals.whyNot')}</p>
      <ul class="reasons-list">{shown.map((c, i) => <CheckLine key={i} check={c} />)}</ul>
      {entry.items.length > 0 && (
        <>
          <p>{t('proposals.contains')}</p>
          <ul>
            {entry.items.map((i) => (
              <li key={i.service}>{names.get(i.service) ?? i.service}: {i.standard.delivered}; {i.standard.frequency}
                {i.standard.hours && `; ${t('proposals.hours', { hours: i.standard.hours })}`}</li>
            ))}
          </ul>
        </>
      )}
      {entry.standard && (
        <p>{t('proposals.standard', { delivered: entry.standard.delivered, frequency: entry.standard.frequency })}
          {entry.standard.hours && `; ${t('proposals.hours', { hours: entry.standard.hours })}`}</p>
      )}
      {entry.places.length > 0 && <p class="muted">{t('proposals.places', { places: entry.places.join(', ') })}</p>}
      <details class="client-description" open={picked}>
        <summary>{t('proposals.description')}</summary>
        <p data-testid="client-description">{entry.description_pl}</p>
      </details>
      {picked && !matched && (
        <div class="form">
          <label for={`why-${entry.code}`}>{t('proposals.justification')}</label>
          <textarea id={`why-${entry.code}`} data-testid="justification" value={justification} maxLength={1000}
            aria-invalid={missing ? 'true' : undefined}
            onInput={(e) => onJustify((e.currentTarget as HTMLTextAreaElement).value)} />
          {missing && <p class="error" role="alert">{t('proposals.justificationRequired')}</p>}
        </div>
      )}
    </article>
  );
}

/** Codes to tick (the reasons of art. 7, the findings), each with its label. */
function CodeChecks({ legend, codes, chosen, prefix, testid, onChange }: {
  legend: string; codes: string[]; chosen: string[]; prefix: string; testid: string;
  onChange: (chosen: string[]) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div class="checks">
        {codes.map((code) => (
          <label key={code} class="check">
            <input type="checkbox" data-testid={`${testid}-${code}`} checked={chosen.includes(code)}
              onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked
                ? [...chosen, code] : chosen.filter((c) => c !== code))} />
            {' '}{label(prefix, code)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function latestInterview(folder: ClientView): { id: string; day: string; sections: string[] } | null {
  const done = (folder.interviews ?? [])
    .map((i) => ({ id: i.interview_id, day: i.last_update_on ?? i.conducted_on, sections: Object.keys(i.sections ?? {}) }))
    .filter((i): i is { id: string; day: string; sections: string[] } => i.day !== null && i.day !== undefined)
    .sort((a, b) => (a.day < b.day ? 1 : -1));
  return done[0] ?? null;
}

type Rules = typeof import('../../catalogueRules');

/** The CEL evaluator, a chunk of its own (precached by the service worker, so offline too). */
function useRules(): Rules | null {
  const [rules, setRules] = useState<Rules | null>(null);
  useEffect(() => {
    let current = true;
    void import('../../catalogueRules').then((m) => current && setRules(m));
    return () => {
      current = false;
    };
  }, []);
  return rules;
}

export function ProposalScreen({ folderId }: { folderId: string }) {
  const { views, api, outbox, online, notify } = useApp();
  const rules = useRules();
  const folderView = useView<ClientView>(folderKey(folderId), () => views.refreshFolder(folderId));
  const catalogueView = useView<Catalogue>(catalogueKey, () => views.refresh(catalogueKey, '/api/catalogue'));
  const folder = folderView.data;
  const catalogue = catalogueView.data;
  const members = (folder?.members ?? []).filter((m) => !m.left_on);
  const [personId, setPersonId] = useState('');
  const person = personId || members[0]?.member_id || '';
  const [stated, setStated] = useState<Stated>({ reasons: [], disability: 'none', findings: [] });
  const [asked, setAsked] = useState<Stated | null>(null);
  const [known, setKnown] = useState<ServerProposal | null>(null);
  const [picks, setPicks] = useState<Record<string, boolean>>({});
  const [why, setWhy] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const [saved, setSaved] = useState<string[] | null>(null);
  const [changed, setChanged] = useState(false);
  const interview = folder ? latestInterview(folder) : null;

  useEffect(() => {
    if (!person) return;
    void views.cached(proposalKey(folderId, person)).then((c) => setKnown((c?.data as ServerProposal | undefined) ?? null));
  }, [folderId, person]);

  async function show(event: Event) {
    event.preventDefault();
    setAsked(stated);
    setSaved(null);
    if (!online || !interview) return;
    try {
      const answer = await api.request<ServerProposal>('POST', `/api/folders/${encodeURIComponent(folderId)}/services-proposal`,
        { person_id: person, interview_id: interview.id, stated });
      await views.put(proposalKey(folderId, person), answer);
      setKnown(answer);
    } catch {
      // offline or refused: the tablet's own facts stand (income unknown)
    }
  }

  const facts = useMemo(() => {
    if (!folder || !interview || !asked) return null;
    return factsOf({ members, person_id: person, homeless: Boolean(folder.address?.no_fixed_address), sections: interview.sections },
      interview.day, asked, known ? {
        income_per_person: known.facts.income_per_person as number | null,
        criterion: known.facts.criterion as number | null,
        income_percent: known.facts.income_percent as number | null,
      } : null);
  }, [folder, interview, asked, known, person]);
  const proposal = useMemo(() => (rules && catalogue && facts && interview ? rules.propose(catalogue, facts, interview.day) : null),
    [rules, catalogue, facts, interview]);
  const entries = useMemo(() => new Map((catalogue && interview ? entriesOn(catalogue, interview.day) : []).map((e) => [e.code, e])),
    [catalogue, interview]);
  const names = useMemo(() => new Map([...entries.values()].map((e) => [e.code, e.name_pl])), [entries]);

  async function save() {
    if (!proposal || !folder || !interview || !asked || !catalogue) return;
    // With signal, the catalogue is read again first: a newer one changes the proposals
    // (the server refuses a choice on a version superseded for the interview's day).
    if (online) {
      const fresh = await views.refresh<Catalogue>(catalogueKey, '/api/catalogue').catch(() => null);
      setChanged(fresh !== null && fresh.version !== catalogue.version);
      if (fresh !== null && fresh.version !== catalogue.version) return;
    }
    const matched = new Set(proposal.matches.map((m) => m.code));
    const chosen = Object.keys(picks).filter((c) => picks[c]);
    const unjustified = chosen.filter((c) => !matched.has(c) && !(why[c] ?? '').trim());
    setMissing(unjustified);
    if (unjustified.length > 0 || chosen.length === 0) return;
    await outbox.enqueue({
      command_id: crypto.randomUUID(),
      folder_id: folderId,
      path: `/api/folders/${encodeURIComponent(folderId)}/services-choice`,
      kind: 'services_chosen',
      seen_version: folder.version,
      body: {
        occurred_at: new Date().toISOString(), person_id: person, interview_id: interview.id,
        catalogue_version: catalogue.version, stated: asked, chosen,
        justifications: chosen.filter((c) => !matched.has(c)).map((c) => ({ code: c, text: why[c]!.trim() })),
        on: localToday(),
      },
    });
    notify(t('proposals.saved'));
    setSaved(chosen);
  }

  const card = (p: Proposed, matched: boolean) => {
    const entry = entries.get(p.code);
    return entry && (
      <EntryCard key={p.code} entry={entry} proposed={p} matched={matched} picked={Boolean(picks[p.code])}
        justification={why[p.code] ?? ''} names={names} missing={missing.includes(p.code)}
        onPick={(on) => setPicks({ ...picks, [p.code]: on })} onJustify={(text) => setWhy({ ...why, [p.code]: text })} />
    );
  };
  const forms = saved && catalogue && interview ? applicationForms(catalogue, interview.day, saved) : [];

  return (
    <main class="screen" data-testid="proposal-screen">
      <a class="back" href={href.folder(folderId)}>← {t('common.back')}</a>
      <ScreenTitle>{t('proposals.title')}</ScreenTitle>
      <ViewNote view={folderView} />
      {!catalogue && !catalogueView.loading && <p class="error" role="alert">{t('proposals.noCatalogue')}</p>}
      {catalogue && (
        <p class="muted" data-testid="catalogue-version">
          {t('proposals.catalogueVersion', { version: catalogue.version, time: catalogueView.fetchedAt ? formatDateTime(catalogueView.fetchedAt) : '' })}
        </p>
      )}
      {folder && !interview && <p class="error" role="alert">{t('proposals.noInterview')}</p>}
      {folder && interview && catalogue && (
        <form class="card form" onSubmit={show} data-testid="proposal-form">
          <p class="muted">{t('proposals.hint')}</p>
          <p>{t('proposals.interviewOn', { date: formatDate(interview.day) })}</p>
          <label for="proposal-person">{t('proposals.person')}</label>
          <select id="proposal-person" value={person} onChange={(e) => setPersonId((e.currentTarget as HTMLSelectElement).value)}>
            {members.map((m) => <option key={m.member_id} value={m.member_id}>{fullName(m)}</option>)}
          </select>
          <CodeChecks legend={t('proposals.reasons')} codes={catalogue.reasons} chosen={stated.reasons} prefix="reason."
            testid="reason" onChange={(reasons) => setStated({ ...stated, reasons })} />
          <label for="proposal-disability">{t('proposals.disability')}</label>
          <select id="proposal-disability" data-testid="disability" value={stated.disability}
            onChange={(e) => setStated({ ...stated, disability: (e.currentTarget as HTMLSelectElement).value })}>
            {catalogue.disabilities.map((d) => <option key={d} value={d}>{label('disability.', d)}</option>)}
          </select>
          <CodeChecks legend={t('proposals.findings')} codes={catalogue.findings} chosen={stated.findings} prefix="finding."
            testid="finding" onChange={(findings) => setStated({ ...stated, findings })} />
          <button type="submit" class="primary" data-testid="show-proposals">{t('proposals.show')}</button>
        </form>
      )}
      {proposal && facts && (
        <section data-testid="proposals">
          {!online && <p class="cached-note" data-testid="offline-note">{t('proposals.offline')}</p>}
          {!known && <p class="muted" data-testid="income-unknown">{t('proposals.incomeUnknown')}</p>}
          <h2>{t('proposals.packages')}</h2>
          {proposal.matches.filter((m) => m.kind === 'package').map((m) => card(m, true))}
          <h2>{t('proposals.services')}</h2>
          {proposal.matches.filter((m) => m.kind === 'service').map((m) => card(m, true))}
          {proposal.matches.length === 0 && <p>{t('proposals.none')}</p>}
          <h2>{t('proposals.misses')}</h2>
          {proposal.near_misses.map((m) => card(m, false))}
          {changed && <p class="error" role="alert" data-testid="catalogue-changed">{t('proposals.catalogueChanged')}</p>}
          <div class="actions-row">
            <button type="button" class="primary" data-testid="save-choice" onClick={() => void save()}>{t('proposals.save')}</button>
            <button type="button" onClick={() => window.print()}>{t('proposals.print')}</button>
          </div>
        </section>
      )}
      {saved && (
        <section class="card" data-testid="applications-due">
          <h2>{t('proposals.applications')}</h2>
          {forms.length > 0 ? (
            <>
              <p class="muted">{t('proposals.applicationsHint')}</p>
              <ul>
                {forms.map((f) => (
                  <li key={f}><a class="button" data-testid={`apply-${f}`} href={href.application(folderId, person, f)}>
                    {t('proposals.apply', { form: label('form.', f) })}</a></li>
                ))}
              </ul>
            </>
          ) : <p>{t('proposals.noApplications')}</p>}
        </section>
      )}
    </main>
  );
}
