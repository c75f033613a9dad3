// Hash routes, so any path the service worker serves opens the app shell offline.
import { useEffect, useMemo, useState } from 'preact/hooks';

export type Route =
  | { name: 'home' }
  | { name: 'folder'; folderId: string }
  | { name: 'visit'; folderId: string }
  | { name: 'interview'; folderId: string }
  | { name: 'proposals'; folderId: string }
  | { name: 'contract'; folderId: string }
  | { name: 'member'; folderId: string; memberId: string }
  | { name: 'conflict'; commandId: string }
  | { name: 'search' }
  | { name: 'proceeding'; id: string }
  | { name: 'order'; id: string }
  | { name: 'issues' }
  | { name: 'newFolder'; query: string }
  | { name: 'application'; folderId: string; person: string | null; form: string | null };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.split('?', 2);
  const parts = path.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'folders' && parts[1] === 'new') return { name: 'newFolder', query };
  if (parts[0] === 'folder' && parts[1] && parts[2] === 'application') {
    const params = new URLSearchParams(query);
    return { name: 'application', folderId: parts[1], person: params.get('person'), form: params.get('form') };
  }
  if (parts[0] === 'folder' && parts[1]) {
    if (parts[2] === 'visit') return { name: 'visit', folderId: parts[1] };
    if (parts[2] === 'interview') return { name: 'interview', folderId: parts[1] };
    if (parts[2] === 'proposals') return { name: 'proposals', folderId: parts[1] };
    if (parts[2] === 'contract') return { name: 'contract', folderId: parts[1] };
    if (parts[2] === 'member' && parts[3]) return { name: 'member', folderId: parts[1], memberId: parts[3] };
    return { name: 'folder', folderId: parts[1] };
  }
  if (parts[0] === 'proceeding' && parts[1]) return { name: 'proceeding', id: parts[1] };
  if (parts[0] === 'order' && parts[1]) return { name: 'order', id: parts[1] };
  if (parts[0] === 'issues') return { name: 'issues' };
  if (parts[0] === 'search') return { name: 'search' };
  if (parts[0] === 'conflict' && parts[1]) return { name: 'conflict', commandId: parts[1] };
  return { name: 'home' };
}

export const href = {
  home: () => '#/',
  folder: (id: string) => `#/folder/${encodeURIComponent(id)}`,
  visit: (id: string) => `#/folder/${encodeURIComponent(id)}/visit`,
  interview: (id: string) => `#/folder/${encodeURIComponent(id)}/interview`,
  proposals: (id: string) => `#/folder/${encodeURIComponent(id)}/proposals`,
  contract: (id: string) => `#/folder/${encodeURIComponent(id)}/contract`,
  member: (id: string, memberId: string) =>
    `#/folder/${encodeURIComponent(id)}/member/${encodeURIComponent(memberId)}`,
  /** the form for a person joining the household (MemberScreen with the member 'new') */
  newMember: (id: string) => `#/folder/${encodeURIComponent(id)}/member/new`,
  conflict: (commandId: string) => `#/conflict/${encodeURIComponent(commandId)}`,
  proceeding: (id: string) => `#/proceeding/${encodeURIComponent(id)}`,
  order: (id: string) => `#/order/${encodeURIComponent(id)}`,
  issues: () => '#/issues',
  newFolder: () => '#/folders/new',
  application: (id: string, person?: string, form?: string) => {
    const query = new URLSearchParams();
    if (person) query.set('person', person);
    if (form) query.set('form', form);
    const text = query.toString();
    return `#/folder/${encodeURIComponent(id)}/application${text ? `?${text}` : ''}`;
  },
  search: () => '#/search',
};

export function navigate(to: string): void {
  window.location.hash = to;
}

export function useRoute(): Route {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const update = () => setHash(window.location.hash);
    window.addEventListener('hashchange', update);
    // The hash may have changed between the first render and this effect (a link followed
    // while the screen was still mounting): that hashchange had no listener yet.
    update();
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return useMemo(() => parseRoute(hash), [hash]);
}
