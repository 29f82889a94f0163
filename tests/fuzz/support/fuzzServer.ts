// One fuzz file's server: started with the seed set posted and the state captured before the
// barrage (the baseline every property compares with), its tallies reported and the server
// disposed after. The returned object is filled in by beforeAll.
import { afterAll, beforeAll } from 'vitest';
import type { TestServer } from '../../support/testServer.ts';
import { createTally, type Tally } from './fuzzRun.ts';
import { captureState, startFuzzServer, type Baseline } from './invariants.ts';
import { postSeedSet, type SeedSet } from './seedSet.ts';

export interface FuzzServer {
  server: TestServer;
  baseline: Baseline;
  seed: SeedSet;
  tally: Tally;
}

export function useFuzzServer(file: string): FuzzServer {
  const fuzz = { tally: createTally(file) } as FuzzServer;
  beforeAll(async () => {
    fuzz.server = await startFuzzServer();
    fuzz.seed = await postSeedSet(fuzz.server);
    fuzz.baseline = await captureState(fuzz.server);
  });
  afterAll(async () => {
    fuzz.tally.report();
    await fuzz.server?.dispose();
  });
  return fuzz;
}
