import { defineConfig, type Plugin } from 'vite';
import type { OutputChunk } from 'rollup';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { constants } from 'node:zlib';
import { ROLE_PARTS } from './src/i18n/roleParts';

// How long the early read may take: src/api.ts's READ_TIMEOUT_MS.
const READ_TIMEOUT_MS = 20_000;

const MESSAGE_GROUPS: [string, string[]][] = [
  ['casework', ['codes', 'socialWorker', 'search', 'household', 'socialContracts', 'intake', 'benefits']],
  // Benefits in kind, receivables and the catalogue ride with care: a social worker's first
  // screen then waits for two message files, not five (each a request before its first paint).
  ['care', ['decisionMaker', 'coordinator', 'caregiver', 'inKind', 'receivables', 'catalogue']],
  ['office', ['manager', 'returns', 'admin']],
];

// A cold start with a session (a reload, the tablet's app reopened) needs the signed-in chunk
// and the role's messages: an inline script asks for them at once beside the first chunk,
// instead of after it has run (one round trip fewer before the first screen under a slow
// network) — only when there is a session, so the sign-in page's first load stays the 12 kB it
// is. The chunks' hashed names are known only when built.
function preloadWhenSignedIn(): Plugin {
  return {
    name: 'teczka-preload-when-signed-in',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle ?? {};
        const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === 'chunk');
        const signedIn = chunks.find((c) => c.moduleIds.some((id) => id.endsWith('/src/ui/SignedIn.tsx')));
        if (!signedIn) throw new Error('no SignedIn chunk to preload');
        const urls = [signedIn.fileName, ...signedIn.imports].map((f) => `/${f}`);
        const file = (group: string, lang: string) => {
          const chunk = chunks.find((c) => c.name === `messages-${group}-${lang}`);
          if (!chunk) throw new Error(`no messages-${group}-${lang} chunk to preload`);
          return `/${chunk.fileName}`;
        };
        const groupOf = (part: string) => MESSAGE_GROUPS.find(([, names]) => names.includes(part))?.[0] ?? part;
        // role → the message chunks its parts are in; group → its file in each language
        const roles: Record<string, string[]> = {};
        const files: Record<string, { pl: string; en: string }> = {};
        for (const [role, parts] of Object.entries(ROLE_PARTS)) {
          roles[role] = [...new Set(parts.map(groupOf))];
          for (const group of roles[role]) files[group] ??= { pl: file(group, 'pl'), en: file(group, 'en') };
        }
        const script = `try{var s=JSON.parse(sessionStorage.getItem('teczka.session')||'null');` +
          `if(s&&s.user){var u=${JSON.stringify(urls)},r=${JSON.stringify(roles)},f=${JSON.stringify(files)},` +
          `l=localStorage.getItem('teczka.lang')==='en'?'en':'pl';` +
          `(r[s.user.role]||[]).forEach(function(g){u.push(f[g][l])});` +
          `u.forEach(function(h){var k=document.createElement('link');k.rel='modulepreload';k.href=h;document.head.appendChild(k)});` +
          // The social worker's first screen's read, asked here beside the chunks rather than
          // once they have run (src/api.ts `readAhead` takes it; the same rules as App.tsx's
          // `firstReadAhead`: a fresh session, the caseload or a folder).
          `if(s.user.role==='social_worker'&&(s.expires_at==null||s.expires_at>Date.now()+30000)){` +
          `var h=location.hash,m=/^#\\/folder\\/([^/?]+)/.exec(h),p=m?'/api/folders/'+encodeURIComponent(decodeURIComponent(m[1])):` +
          `(h===''||h==='#'||h==='#/')?'/api/caseload':null;` +
          `if(p){var a=fetch(p,{headers:{Accept:'application/json',Authorization:'Bearer '+s.token},cache:'no-store',` +
          `signal:AbortSignal.timeout?AbortSignal.timeout(${READ_TIMEOUT_MS}):undefined});a.catch(function(){});` +
          `window.__teczkaAhead={path:p,token:s.token,answer:a}}}}}catch(e){}`;
        return [{ tag: 'script', children: script, injectTo: 'head-prepend' }];
      },
    },
  };
}

// The API serves dist/ at `/`, so the base is `/`. In development Vite proxies /api to the API.
export default defineConfig({
  base: '/',
  plugins: [
    preact(),
    preloadWhenSignedIn(),
    VitePWA({
      registerType: 'autoUpdate',
      // inline, registering on the page's `load`: it holds up no paint, and is not one more
      // request before the first one (registerSW.js was)
      injectRegister: 'inline',
      // public/ icons are already matched by globPatterns below; listing them again would
      // precache them twice
      includeManifestIcons: false,
      manifest: {
        name: 'Teczka — praca socjalna',
        short_name: 'Teczka',
        description: 'Teczka: wizyty i wywiady środowiskowe, także bez zasięgu.',
        lang: 'pl',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#0b57d0',
        background_color: '#ffffff',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      workbox: {
        // The app shell is precached so the app opens without signal. API responses are NOT
        // cached by the service worker: the app keeps its own per-user copies in IndexedDB,
        // which logout can delete.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
      },
    }),
    // A Brotli and a gzip copy beside each text file; the API sends the one the browser accepts
    // (api/tablet_files.py), so nothing is compressed per request.
    compression({
      include: /\.(html|css|js|svg|webmanifest|txt)$/,
      algorithms: [
        defineAlgorithm('brotliCompress', { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        defineAlgorithm('gzip', { level: 9 }),
      ],
      logLevel: 'silent',
    }),
  ],
  server: {
    proxy: { '/api': 'http://127.0.0.1:8000' },
  },
  build: {
    target: 'es2022',
    rollupOptions: {
      output: {
        // The message parts (src/i18n, one module per reader, built once per language) travel
        // in a few chunks per language instead of thirteen (MESSAGE_GROUPS): the social worker
        // loads two of them.
        manualChunks(id) {
          const part = /\/src\/i18n\/(\w+)\.ts\?lang=(pl|en)$/.exec(id);
          if (!part) return undefined;
          const [, name, lang] = part;
          const group = MESSAGE_GROUPS.find(([, names]) => names.includes(name))?.[0] ?? name;
          return `messages-${group}-${lang}`;
        },
      },
    },
  },
});
