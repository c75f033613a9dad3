import { defineConfig } from 'vitest/config';

// Unit tests run in Node; fake-indexeddb stands in for the browser's IndexedDB so Dexie runs
// unchanged. The screen test (tests/app.test.tsx) runs in happy-dom, a DOM written in JS.
// No browser is downloaded or started here.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/**/*.test.{ts,tsx}'],
    setupFiles: ['fake-indexeddb/auto', 'tests/support/messages.ts'],
    // These tests check behaviour, not speed: a test that queues hundreds of commands in
    // fake-indexeddb passed its 5 s default on a busy 2-core machine only sometimes.
    testTimeout: 30_000,
  },
});
