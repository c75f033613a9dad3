// Every test file starts with the whole catalogue loaded in both languages, as if every part
// had been fetched: the tests render any role's screens and switch languages at will.
// tests/i18n.test.ts checks the loading itself on a fresh copy of the module.
import { loadEveryMessage } from '../../src/i18n';

await loadEveryMessage();
