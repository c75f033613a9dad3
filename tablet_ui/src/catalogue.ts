// The service catalogue on the tablet (issue #20): the catalogue as the server published it
// (GET /api/catalogue, cached in IndexedDB with its version), the facts of a household, the
// reasons in words, the forms a choice asks applications for, and the decision's prefill.
// The evaluator (@bufbuild/cel) is src/catalogueRules.ts, a chunk of its own loaded by the
// proposal screen, so nobody else's first load carries it.

import type { components } from './api-types';

export type Catalogue = components['schemas']['CatalogueOut'];
export type CatalogueEntry = components['schemas']['EntryOut'];
export type Fact = components['schemas']['FactOut'];
export type Facts = Record<string, unknown>;

export const catalogueKey = 'service-catalogue';
// How many misses a proposal shows, and how many failed conjuncts a near miss may have (the
// server's domain/proposals.py NEAR_MISSES, NEAR_MISS_FAILED_AT_MOST).
export const NEAR_MISSES = 8;
export const NEAR_MISS_FAILED_AT_MOST = 2;


export interface Check {
  condition: string;
  held: boolean | null;
  values: Record<string, unknown>;
  left: string | null;
  op: string | null;
  right: string | null;
}

export interface Proposed {
  code: string;
  kind: string;
  version: number;
  checks: Check[];
}

export interface Proposal {
  catalogue_version: number;
  matches: Proposed[];
  near_misses: Proposed[];
}

/** The top-level `&&` parts of a CEL expression, outside brackets and string literals. */
export function splitConjuncts(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let quote = '';
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === '&' && expression.startsWith('&&', i) && depth === 0) {
      parts.push(expression.slice(start, i).trim());
      start = i + 2;
      i++;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts.filter((p) => p.length > 0);
}

/** The entries valid on `day` (ISO date), services first, by code (as the server orders). */
export function entriesOn(catalogue: Catalogue, day: string): CatalogueEntry[] {
  return catalogue.entries
    .filter((e) => e.valid_from <= day && (e.valid_to == null || day <= e.valid_to))
    .sort((a, b) => (a.kind === b.kind ? (a.code < b.code ? -1 : 1)
      : a.kind === 'service' ? -1 : 1));
}

/** What the worker states on the screen beside the folder's facts (the server's
 * StatedFindings). */
export interface Stated {
  reasons: string[];
  disability: string;
  findings: string[];
}

const SECTION_KEYS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'];

function ageOn(birth: string | null | undefined, day: string): number | null {
  if (!birth) return null;
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** A PESEL's birth date (the month encodes the century), for a member without one stated. */
export function peselBirthDate(pesel: string | null | undefined): string | null {
  if (!pesel || !/^\d{11}$/.test(pesel)) return null;
  const yy = Number(pesel.slice(0, 2));
  const mm = Number(pesel.slice(2, 4));
  const century = [1900, 2000, 2100, 2200, 1800][Math.floor(mm / 20)];
  const month = String(mm % 20).padStart(2, '0');
  return `${century + yy}-${month}-${pesel.slice(4, 6)}`;
}

export interface FolderFacts {
  members: { birth_date?: string | null; pesel?: string | null; member_id: string }[];
  person_id: string;
  homeless: boolean;
  sections: string[];
}

/** The facts as the server builds them (domain/catalogue_facts.py), from what the tablet keeps
 * of the folder; the income and the criterion come from the server's last proposal for it, or
 * are unknown (null) offline — conditions on them then err and do not hold. */
export function factsOf(folder: FolderFacts, day: string, stated: Stated,
  known: { income_per_person: number | null; criterion: number | null; income_percent: number | null } | null): Facts {
  const births = folder.members.map((m) => m.birth_date ?? peselBirthDate(m.pesel));
  const ages = births.map((b) => ageOn(b, day));
  const person = folder.members.find((m) => m.member_id === folder.person_id);
  const size = Math.max(folder.members.length, 1);
  return {
    reasons: [...stated.reasons],
    income_per_person: known?.income_per_person ?? null,
    criterion: known?.criterion ?? null,
    income_percent: known?.income_percent ?? null,
    age: ageOn(person ? person.birth_date ?? peselBirthDate(person.pesel) : null, day),
    disability: stated.disability,
    household_size: size,
    living_alone: size === 1,
    children: ages.filter((a) => a !== null && a < 18).length,
    seniors: ages.filter((a) => a !== null && a >= 65).length,
    homeless: folder.homeless,
    interview_sections: SECTION_KEYS.filter((s) => folder.sections.includes(s)),
    findings: [...stated.findings],
  };
}

// A failed comparison reads as its opposite: "dochód 1 050,00 zł > kryterium 1 010,00 zł".
const NEGATED: Record<string, string> = { '<=': '>', '<': '≥', '>=': '<', '>': '≤', '==': '≠', '!=': '=' };
const SHOWN: Record<string, string> = { '<=': '≤', '<': '<', '>=': '≥', '>': '>', '==': '=', '!=': '≠' };

export interface SentencePart {
  fact: string | null;
  value: unknown;
  text: string;
}

/** A check as parts of a sentence: [left fact and value, operator, right fact or literal]. */
export function comparisonOf(check: Check): { left: SentencePart; op: string; right: SentencePart } | null {
  if (!check.left || !check.op || check.right === null) return null;
  const op = check.held === false ? NEGATED[check.op] : SHOWN[check.op];
  const rightIsFact = check.right in check.values;
  return {
    left: { fact: check.left, value: check.values[check.left], text: check.left },
    op: op ?? check.op,
    right: rightIsFact
      ? { fact: check.right, value: check.values[check.right], text: check.right }
      : { fact: null, value: check.right, text: check.right },
  };
}

/** The art. 36 forms a pick asks applications for: the entry's own, or its package's
 * services' (each once), when granted by decision. */
export function applicationForms(catalogue: Catalogue, day: string, codes: string[]): string[] {
  const valid = new Map(entriesOn(catalogue, day).map((e) => [e.code, e]));
  const forms: string[] = [];
  for (const code of codes) {
    const entry = valid.get(code);
    if (!entry) continue;
    const services = entry.items.length ? entry.items.map((i) => valid.get(i.service)).filter((e) => e !== undefined) : [entry];
    for (const s of services) if (s.needs_decision && !forms.includes(s.form)) forms.push(s.form);
  }
  return forms;
}

/** What the decision maker's form takes from the worker's choice (issue #20): the art. 7
 * reasons she stated and the chosen entry's legal basis, from the latest recorded choice for
 * the proceeding's person that picked an entry (or a package's service) of the proceeding's
 * form; null when there is none. `timeline` is the client view's; `catalogue` the cached one. */
export function prefillFromChoice(
  timeline: Record<string, unknown>[], catalogue: Catalogue | undefined,
  proceeding: { person_id: string; form: string },
): { reasons: string[]; legal_basis: string; code: string; name: string } | null {
  if (!catalogue) return null;
  const byCode = new Map<string, CatalogueEntry>();
  for (const e of catalogue.entries) byCode.set(e.code, e); // the later version last
  for (const item of timeline) { // newest first, as the server sends it
    if (item.kind !== 'services_proposed') continue;
    const d = (item.details ?? {}) as { person_id?: string; chosen?: string[]; reasons?: string[] };
    if (d.person_id !== proceeding.person_id) continue;
    for (const code of d.chosen ?? []) {
      const entry = byCode.get(code);
      if (!entry) continue;
      const services = entry.items.length ? entry.items.map((i) => byCode.get(i.service)) : [entry];
      const service = services.find((s) => s?.form === proceeding.form);
      if (service) return { reasons: d.reasons ?? [], legal_basis: service.legal_basis, code: service.code, name: service.name_pl };
    }
  }
  return null;
}
