import { defineConfig } from 'vitest/config';

/**
 * The suites whose outcome could hang on today's date (deadlines and the work calendar, overdue
 * marks, "today" and "yesterday", dated examples and fixtures, expiries, time windows): they run a
 * second time with the clock a year ahead (tests/support/clockAhead.mjs), so that a fixed date that
 * ages, or a calendar that runs out, fails today rather than on the day it happens.
 */
const DATE_SENSITIVE = [
  'tests/shared/**/*.test.ts',
  'tests/client/**/*.test.ts',
  'tests/clock/*.test.ts',
  'tests/server/{accessKeys,caseProjection,eventLog,trackStore,openapiExampleDates,caseWatch,rehearsalMapping,simulatorBackfill,simulatorDemo,spikeRule,trendWindows,wallCommands,webhookDelivery,workerStates}.test.ts',
  'tests/integration/{calendar,caseLoop,caseRoutes,open311,openapi,timeLimits,trendsAndAlerts}.test.ts',
  'tests/fuzz/httpCorpus.fuzz.test.ts',
];
/** clockAhead.mjs's default: tests/clock/ fails if the two disagree. */
const A_YEAR = 365;

export default defineConfig({
  test: {
    // Integration and browser tests start real servers and Chromium: give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'today', include: ['tests/**/*.test.ts'], provide: { clockAheadDays: 0 } } },
      {
        extends: true,
        test: {
          name: 'a year ahead',
          include: DATE_SENSITIVE,
          execArgv: ['--import', './tests/support/clockAhead.mjs'],
          provide: { clockAheadDays: A_YEAR },
        },
      },
    ],
  },
});

declare module 'vitest' {
  export interface ProvidedContext {
    /** How far ahead the project moved the clock, in days: what tests/clock/ checks it really did. */
    clockAheadDays: number;
  }
}
