// Lighthouse (mobile profile, simulated throttling: Lighthouse's default) on the tablet app's
// sign-in page, a social worker's caseload and one folder, each a cold load (no HTTP cache, no
// service worker), `runs` times; prints one JSON line per page with the medians.
// Called by scripts/bench/tablet_delivery.py, which starts the server and makes the worker and
// the folder:
//
//   [LIGHTHOUSE_REPORTS=dir] node scripts/lighthouse.mjs BASE_URL SESSION_JSON FOLDER_ID [runs]
//
// The signed-in pages need the session in the tab's sessionStorage (where the app keeps it), so
// the runs share one tab: each clears the HTTP cache, the service worker, its caches and
// IndexedDB first, and Lighthouse is told not to reset storage (which would drop the session).
import { writeFileSync } from 'node:fs';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';

const [base, sessionJson, folderId, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const PAGES = [
  { name: 'login', hash: '', signedIn: false },
  { name: 'caseload', hash: '#/', signedIn: true },
  { name: 'folder', hash: `#/folder/${folderId}`, signedIn: true },
];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function coldStart(page, session) {
  await page.goto(`${base}/robots.txt`);
  const cdp = await page.createCDPSession();
  await cdp.send('Network.clearBrowserCache');
  await cdp.send('Storage.clearDataForOrigin', {
    origin: base,
    storageTypes: 'service_workers,cache_storage,indexeddb,local_storage',
  });
  await page.evaluate((value) => {
    if (value) sessionStorage.setItem('teczka.session', value);
    else sessionStorage.clear();
  }, session);
  await cdp.detach();
}

const browser = await puppeteer.launch({
  executablePath: chromePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
});
try {
  const page = await browser.newPage();
  for (const target of PAGES) {
    const results = [];
    for (let run = 0; run < runs; run += 1) {
      await coldStart(page, target.signedIn ? sessionJson : null);
      const { lhr } = await lighthouse(
        `${base}/${target.hash}`,
        { output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'], disableStorageReset: true },
        undefined,
        page,
      );
      // LIGHTHOUSE_REPORTS=dir keeps every run's full report (JSON) for a closer look
      if (process.env.LIGHTHOUSE_REPORTS) writeFileSync(`${process.env.LIGHTHOUSE_REPORTS}/${target.name}-${run + 1}.json`, JSON.stringify(lhr));
      const audit = (id) => lhr.audits[id]?.numericValue ?? null;
      if (lhr.runtimeError) throw new Error(`${target.name}: ${lhr.runtimeError.message}`);
      results.push({
        performance: Math.round(lhr.categories.performance.score * 100),
        accessibility: Math.round(lhr.categories.accessibility.score * 100),
        lcp_ms: audit('largest-contentful-paint'),
        fcp_ms: audit('first-contentful-paint'),
        tbt_ms: audit('total-blocking-time'),
        cls: audit('cumulative-layout-shift'),
        js_transferred_bytes: lhr.audits['resource-summary']?.details?.items?.find((i) => i.resourceType === 'script')?.transferSize ?? null,
        failing_accessibility: Object.values(lhr.audits)
          .filter((a) => lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id) && a.score === 0)
          .map((a) => a.id),
      });
    }
    const pick = (key) => median(results.map((r) => r[key]));
    console.log(
      JSON.stringify({
        page: target.name,
        runs,
        performance: pick('performance'),
        accessibility: pick('accessibility'),
        lcp_ms: Math.round(pick('lcp_ms')),
        fcp_ms: Math.round(pick('fcp_ms')),
        tbt_ms: Math.round(pick('tbt_ms')),
        cls: pick('cls'),
        js_transferred_bytes: pick('js_transferred_bytes'),
        each: results.map((r) => r.performance),
        failing_accessibility: [...new Set(results.flatMap((r) => r.failing_accessibility))],
      }),
    );
  }
} finally {
  await browser.close();
}
