// The catalogue's conditions evaluated on the tablet (issue #20) with @bufbuild/cel — the same
// rules as the server's (services/catalogue/rules.py, common-expression-language) and the
// same shared cases (tests/catalogue/rule_cases.json, tests/catalogueRules.test.ts), and the
// same proposal (domain/proposals.py). A condition is data: it is handed to the CEL evaluator
// with the household's facts and nothing else; never eval. A chunk of its own: only the
// proposal screen loads it (roles/social_worker/ProposalScreen.tsx).
import { celEnv, isCelError, parse, plan, type CelInput } from '@bufbuild/cel';
import {
  entriesOn, NEAR_MISS_FAILED_AT_MOST, NEAR_MISSES, splitConjuncts,
  type Catalogue, type Check, type Fact, type Facts, type Proposal, type Proposed,
} from './catalogue';

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;
const COMPARISON = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|==|!=|<|>)\s*([\s\S]+?)\s*$/;
const STRINGS = /'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"/g;

/** The facts as CEL reads them: the schema's int facts as CEL ints (BigInt), the others as
 * they are (numbers are doubles). */
export function celFacts(facts: Facts, schema: Fact[]): Record<string, CelInput> {
  const out: Record<string, CelInput> = {};
  for (const fact of schema) {
    const value = facts[fact.name];
    out[fact.name] = (fact.type === 'int' && typeof value === 'number'
      ? BigInt(value) : value ?? null) as CelInput;
  }
  return out;
}

type Planned = (facts: Record<string, CelInput>) => unknown;
const env = celEnv();
const plans = new Map<string, Planned>();

/** True or false; null when the expression does not parse, errs on these facts (a null
 * income compared with a number) or is not a boolean: it does not hold. */
export function evaluate(expression: string, facts: Record<string, CelInput>): boolean | null {
  let planned = plans.get(expression);
  try {
    if (planned === undefined) {
      planned = plan(env, parse(expression)) as Planned;
      plans.set(expression, planned);
    }
    const result = planned(facts);
    return isCelError(result) || typeof result !== 'boolean' ? null : result;
  } catch {
    return null;
  }
}

function factsNamed(expression: string, names: Set<string>): string[] {
  const found = expression.replace(STRINGS, '').match(IDENTIFIER) ?? [];
  return [...new Set(found.filter((n) => names.has(n)))];
}

function check(conjunct: string, facts: Facts, cel: Record<string, CelInput>,
  names: Set<string>): Check {
  const m = COMPARISON.exec(conjunct);
  const simple = m !== null && names.has(m[1]);
  const values: Record<string, unknown> = {};
  for (const name of factsNamed(conjunct, names)) values[name] = facts[name];
  return {
    condition: conjunct, held: evaluate(conjunct, cel), values,
    left: simple ? m[1] : null, op: simple ? m[2] : null, right: simple ? m[3] : null,
  };
}

/** What the catalogue valid on `day` proposes for these facts: the server's `propose`. */
export function propose(catalogue: Catalogue, facts: Facts, day: string): Proposal {
  const names = new Set(catalogue.facts.map((f) => f.name));
  const cel = celFacts(facts, catalogue.facts);
  const matches: Proposed[] = [];
  const misses: Proposed[] = [];
  for (const entry of entriesOn(catalogue, day)) {
    const held = evaluate(entry.condition, cel) === true;
    const checks = splitConjuncts(entry.condition).map((c) => check(c, facts, cel, names));
    const proposed = { code: entry.code, kind: entry.kind, version: entry.version, checks };
    const failed = checks.filter((c) => !c.held).length;
    if (held) matches.push(proposed);
    else if (failed > 0 && failed <= NEAR_MISS_FAILED_AT_MOST) misses.push(proposed);
  }
  const failedOf = (p: Proposed) => p.checks.filter((c) => !c.held).length;
  misses.sort((a, b) => failedOf(a) - failedOf(b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { catalogue_version: catalogue.version, matches, near_misses: misses.slice(0, NEAR_MISSES) };
}

