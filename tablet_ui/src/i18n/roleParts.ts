// Which message parts each role's screens read. Apart from index.ts so that the build
// (vite.config.ts) can read it too: a reload with a session fetches the role's parts at once,
// beside the first chunk.
import type { Role } from '../contract';

/** The parts loaded on demand; a key is defined in exactly one part (tests/i18n.test.ts). */
export type Part =
  | 'codes'
  | 'socialWorker'
  | 'search'
  | 'household'
  | 'socialContracts'
  | 'intake'
  | 'decisionMaker'
  | 'coordinator'
  | 'caregiver'
  | 'manager'
  | 'audit'
  | 'returns'
  | 'admin'
  | 'benefits'
  | 'inKind'
  | 'receivables'
  | 'workload'
  | 'catalogue';

// What each role's screens read (their own part, the codes, and what their screens show of
// other roles' work: a social worker's folder shows proceedings, orders and observations).
// A key asked for that is not loaded still shows: `t` then loads every part of the language
// (see `missing`), so a part left out here costs a moment, never a wrong text.
export const ROLE_PARTS: Record<Role, Part[]> = {
  social_worker: ['codes', 'socialWorker', 'search', 'household', 'socialContracts', 'intake', 'benefits', 'decisionMaker', 'coordinator', 'caregiver', 'inKind', 'receivables', 'catalogue'],
  first_contact: ['codes', 'intake', 'household', 'search', 'socialWorker'],
  decision_maker: ['codes', 'decisionMaker', 'benefits', 'household', 'socialWorker', 'coordinator', 'intake', 'inKind', 'receivables', 'catalogue'],
  mcus_coordinator: ['codes', 'coordinator', 'decisionMaker', 'caregiver', 'household', 'socialWorker'],
  caregiver: ['codes', 'caregiver', 'decisionMaker', 'household', 'socialWorker'],
  manager: ['codes', 'manager', 'audit', 'returns', 'intake', 'household', 'socialWorker', 'receivables', 'decisionMaker', 'workload', 'catalogue', 'coordinator'],
  admin: ['codes', 'admin', 'manager'],
  voivodeship_analyst: ['codes'],
  mops_management: ['codes', 'workload', 'manager'],
};
