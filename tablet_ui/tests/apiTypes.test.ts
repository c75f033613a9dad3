// The committed API types are the ones the server's committed OpenAPI document gives (and
// tests/api/test_openapi_document.py holds that document to the server's): a change of the
// API that the tablet's types do not follow fails here, and then in `tsc`.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../scripts/api-types.mjs', import.meta.url));

it('src/api-types.ts is generated from the committed openapi.json', () => {
  const check = () => execFileSync(process.execPath, [SCRIPT, '--check'], { stdio: 'pipe' });
  expect(check).not.toThrow();
});
