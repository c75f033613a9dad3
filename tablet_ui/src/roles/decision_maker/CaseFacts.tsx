// What the decision maker reads before deciding (issue #18 item 7): the household (members,
// relation, age), the environmental interview (date, section I's conclusions, section J's plan
// of help) and the folder's earlier decisions, from the folder's client view (a decision maker
// reads a folder while one of its proceedings is open; the server logs each read); the
// household's income per person against the criterion (the calculator's read, for any form);
// the proceeding's documents with "Pobierz PDF"; what the folder's people owe for undue
// benefits (the receivables panel, ui/ReceivablesPanel.tsx).
import { asTyped, type BenefitCalculation } from '../../benefits';
import type { ClientView, InterviewRecord, Member, Proceeding } from '../../contract';
import { proceedingDocuments } from '../../documents';
import { formatDate, getLang, label, t } from '../../i18n';
import { localToday } from '../../commands';
import { useApp } from '../../ui/context';
import { DocumentDownload } from '../../ui/DocumentDownload';
import { useView, ViewNote } from '../../ui/useView';
import { folderKey } from '../../views';
import { ReceivablesPanel } from '../../ui/ReceivablesPanel';
import { Section, useAcked } from '../shared/common';
import { useBenefitCalculation } from './BenefitCalculator';

/** Full years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birth: string | null | undefined, on: string): number | null {
  if (!birth) return null;
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  if (!by || !y) return null;
  return y - by - (m! < bm! || (m === bm && d! < bd!) ? 1 : 0);
}

/** The interview a decision made today rests on: the latest conducted (or updated) one. */
export function latestInterview(interviews: InterviewRecord[] | undefined): InterviewRecord | undefined {
  const done = (interviews ?? []).filter((i) => i.conducted_on);
  const on = (i: InterviewRecord) => (i.last_update_on && i.last_update_on > i.conducted_on! ? i.last_update_on : i.conducted_on!);
  return done.sort((a, b) => on(b).localeCompare(on(a)))[0];
}

/** The folder's other proceedings with a decision, newest first. */
export function earlierDecisions(view: ClientView | undefined, proceedingId: string): Proceeding[] {
  return (view?.proceedings ?? [])
    .filter((p) => p.proceeding_id !== proceedingId && p.decision_id)
    .sort((a, b) => (b.issued_on ?? '').localeCompare(a.issued_on ?? ''));
}

function Household({ members }: { members: Member[] }) {
  const today = localToday();
  return (
    <Section title={t('case.household')} testid="case-household">
      <ul class="plain">
        {members.map((m) => {
          const age = ageOn(m.birth_date, today);
          return (
            <li key={m.member_id} data-testid="case-member">
              <strong>{m.first_name} {m.last_name}</strong>{' '}
              <span class="muted">({label('relation.', m.relation)}{age === null ? '' : `, ${t('case.age', { n: age })}`})</span>
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

function Interview({ interview }: { interview: InterviewRecord | undefined }) {
  return (
    <Section title={t('case.interview')} testid="case-interview">
      {!interview ? (
        <p class="notice" data-testid="case-no-interview">{t('case.noInterview')}</p>
      ) : (
        <dl class="facts">
          <dt>{t('case.interviewOn')}</dt>
          <dd data-testid="case-interview-on">
            {formatDate(interview.conducted_on)}
            {interview.last_update_on && interview.last_update_on !== interview.conducted_on
              ? ` (${t('case.updatedOn', { date: formatDate(interview.last_update_on) })})` : ''}
          </dd>
          <dt>{t('case.conclusions')}</dt>
          <dd data-testid="case-conclusions">{interview.sections.I ?? '—'}</dd>
          <dt>{t('case.plan')}</dt>
          <dd data-testid="case-plan">{interview.sections.J ?? '—'}</dd>
        </dl>
      )}
    </Section>
  );
}

function EarlierDecisions({ rows }: { rows: Proceeding[] }) {
  return (
    <Section title={t('case.earlier')} testid="case-earlier">
      {rows.length === 0 ? (
        <p class="muted" data-testid="case-earlier-none">{t('case.earlierNone')}</p>
      ) : (
        <ul class="plain">
          {rows.map((p) => (
            <li key={p.proceeding_id} data-testid="case-earlier-row">
              <strong>{label('form.', p.form)}</strong> — {label('proc.outcome.', p.outcome)} ({formatDate(p.issued_on)}),{' '}
              {label('proc.status.', p.status)} <span class="muted">{p.case_reference}</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

const zl = (v: string | null | undefined) => (v ? `${asTyped(v, getLang())} zł` : '—');

/** The household's income of the month before the application against the art. 8 criterion. */
function Income({ calc, loading, members }: { calc: BenefitCalculation | undefined; loading: boolean; members: Member[] }) {
  const missing = calc?.missing_members ?? [];
  const names = missing.map((id) => {
    const m = members.find((x) => x.member_id === id);
    return m ? `${m.first_name} ${m.last_name}` : id;
  });
  return (
    <Section title={t('case.income')} testid="case-income">
      {!calc ? (
        <p class="muted">{loading ? t('common.loading') : '—'}</p>
      ) : missing.length > 0 ? (
        <p class="notice" data-testid="case-income-missing">{t('case.incomeMissing', { names: names.join(', ') })}</p>
      ) : !calc.income_per_person ? (
        <p class="muted">—</p>
      ) : (
        <dl class="facts">
          <dt>{t('case.incomeMonth')}</dt>
          <dd data-testid="case-income-month">{(calc.month ?? '').slice(0, 7)}</dd>
          <dt>{t('case.incomeHousehold')}</dt>
          <dd>{t(calc.single ? 'calc.single' : 'calc.family', { n: String(calc.members ?? '') })}</dd>
          <dt>{t('case.incomeTotal')}</dt>
          <dd data-testid="case-income-total">{zl(calc.total_income)}</dd>
          <dt>{t('case.incomePerPerson')}</dt>
          <dd data-testid="case-income-per-person" data-within={String(calc.within_criterion)}>
            {t('case.againstCriterion', { income: zl(calc.income_per_person), criterion: zl(calc.income_criterion) })}
            {' — '}
            <strong class={calc.within_criterion ? undefined : 'error'}>
              {t(calc.within_criterion ? 'case.withinCriterion' : 'case.aboveCriterion')}
            </strong>
          </dd>
        </dl>
      )}
    </Section>
  );
}

/** The proceeding's documents (decisions, notices) with "Pobierz PDF". */
function Documents({ view, proceedingId }: { view: ClientView; proceedingId: string }) {
  const documents = proceedingDocuments(view.timeline, proceedingId);
  return (
    <Section title={t('case.documents')} testid="case-documents">
      {documents.length === 0 ? (
        <p class="muted" data-testid="case-documents-none">{t('case.documentsNone')}</p>
      ) : (
        <ul class="plain">
          {documents.map((d) => (
            <li key={d.documentId} data-testid="case-document" data-kind={d.kind}>
              <strong>{label('document.kind.', d.kind)}</strong>
              {d.issuedOn && <span class="muted"> · {formatDate(d.issuedOn)}</span>}
              <DocumentDownload document={d} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function CaseFacts({ folderId, proceedingId, after }: { folderId: string; proceedingId: string; after?: number }) {
  const { views } = useApp();
  const view = useView<ClientView>(folderKey(folderId), () => views.refreshFolder(folderId));
  const calculation = useBenefitCalculation(proceedingId);
  // A decision, amendment or notice the server took: its document is on the folder's timeline.
  useAcked(proceedingId, (position) => void views.refreshFolder(folderId, position).catch(() => undefined));
  const folder = view.data;
  return (
    <div data-testid="case-facts">
      <ViewNote view={view} />
      {folder && (
        <>
          <Household members={folder.members} />
          <Income calc={calculation.data} loading={calculation.loading} members={folder.members} />
          <Interview interview={latestInterview(folder.interviews)} />
          <EarlierDecisions rows={earlierDecisions(folder, proceedingId)} />
          <Documents view={folder} proceedingId={proceedingId} />
        </>
      )}
      <ReceivablesPanel folderId={folderId} after={after} />
    </div>
  );
}
