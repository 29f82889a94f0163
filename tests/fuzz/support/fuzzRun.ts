// Runs fast-check properties with a bounded number of runs (FUZZ_RUNS, default 100: the part of
// `npm test`) and a reproducible seed (FUZZ_SEED, printed; FUZZ_PATH replays one failing case), and
// tallies what every hostile input was answered, per surface, for BENCHMARKS.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 100));
export const FUZZ_SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
const FUZZ_PATH = process.env.FUZZ_PATH;

/** Runs of a property: FUZZ_RUNS scaled (expensive surfaces, e.g. one WebSocket per run, take a share). */
export const runs = (scale = 1) => Math.max(10, Math.round(FUZZ_RUNS * scale));

/** Asserts an async property; a failure names the seed and path to replay it (FUZZ_SEED=… FUZZ_PATH=…). */
export async function check<Ts>(name: string, property: fc.IAsyncProperty<Ts>, scale = 1): Promise<void> {
  const numRuns = runs(scale);
  console.info(`[fuzz] ${name}: ${numRuns} runs, FUZZ_SEED=${FUZZ_SEED}${FUZZ_PATH ? ` FUZZ_PATH=${FUZZ_PATH}` : ''}`);
  const details = await fc.check(property, { numRuns, seed: FUZZ_SEED, ...(FUZZ_PATH && { path: FUZZ_PATH }), endOnFailure: true });
  if (details.failed) {
    const why = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      `${name} failed: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath} (replay with these)\ncounterexample: ${fc.stringify(details.counterexample).slice(0, 600)}\n${why}`,
    );
  }
}

/** Outcomes per surface: how many inputs were tried and what each was answered (HTTP status, socket answer code). */
export function createTally(file: string) {
  const surfaces = new Map<string, Map<string, number>>();
  const started = performance.now();
  return {
    count(surface: string, outcome: string | number) {
      let m = surfaces.get(surface);
      if (!m) surfaces.set(surface, (m = new Map()));
      m.set(String(outcome), (m.get(String(outcome)) ?? 0) + 1);
    },
    /** Prints the tally; with FUZZ_REPORT_DIR set, also writes it there as JSON (collected for BENCHMARKS.md). */
    report() {
      const rows = [...surfaces].map(([surface, m]) => ({
        surface,
        tried: [...m.values()].reduce((a, b) => a + b, 0),
        outcomes: Object.fromEntries([...m].sort()),
      }));
      const ms = Math.round(performance.now() - started);
      for (const r of rows) console.info(`[fuzz] ${file} ${r.surface}: ${r.tried} inputs -> ${JSON.stringify(r.outcomes)}`);
      const dir = process.env.FUZZ_REPORT_DIR;
      if (dir) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${file}.json`), JSON.stringify({ file, seed: FUZZ_SEED, runs: FUZZ_RUNS, ms, rows }, null, 2));
      }
    },
  };
}
export type Tally = ReturnType<typeof createTally>;
