// `gridwall export --from --to`: writes the log's case events that happened in a period as NDJSON
// (one event per line, in log order), straight from the store the configuration names (DATA_DIR or
// DATABASE_URL), with a progress bar on stderr. The output is what `gridwall import` reads back.
// It is the full record, personal data included: keep the file where the store is kept.
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../config/config.ts';
import { openStores } from '../store/openStores.ts';

const PAGE = 10_000;

export function exportCommand(program: Command): void {
  program
    .command('export')
    .description('write the case events of a period as NDJSON, from the store the configuration names')
    .option('--from <instant>', 'first instant (ISO 8601), inclusive', '1970-01-01T00:00:00Z')
    .option('--to <instant>', 'last instant (ISO 8601), exclusive', '9999-01-01T00:00:00Z')
    .option('-o, --out <file>', 'output file (default standard output)')
    .action(async (opts: { from: string; to: string; out?: string }) => {
      const [from, to] = [Date.parse(opts.from), Date.parse(opts.to)];
      if (Number.isNaN(from) || Number.isNaN(to)) throw new Error('--from and --to must be ISO 8601 instants, e.g. 2026-11-01T00:00:00+08:00');
      const config = loadConfig(process.env);
      if (!config.database && !existsSync(join(config.dataDir, 'gridwall.sqlite')))
        throw new Error(`no store at ${join(config.dataDir, 'gridwall.sqlite')}: set DATA_DIR (or DATABASE_URL) to the server's data folder (or database)`);
      const stores = await openStores(config);
      const { log } = stores;
      const out = opts.out ? createWriteStream(opts.out) : process.stdout;
      const bar = new SingleBar(
        { format: 'export [{bar}] {percentage}% | {value}/{total} events read | {written} written', stream: process.stderr },
        Presets.shades_classic,
      );
      bar.start(await log.lastSeq(), 0, { written: 0 });
      let read = 0,
        written = 0;
      try {
        for (let page = await log.readEvents(0, PAGE); page.length; page = await log.readEvents(page.at(-1)!.seq, PAGE)) {
          let chunk = '';
          for (const { event } of page) {
            const at = Date.parse(event.at);
            if (at >= from && at < to) {
              chunk += `${JSON.stringify(event)}\n`;
              written += 1;
            }
          }
          read += page.length;
          if (chunk && !out.write(chunk)) await once(out, 'drain');
          bar.update(page.at(-1)!.seq, { written });
        }
      } finally {
        bar.stop();
        await stores.close();
        if (opts.out) {
          out.end();
          await once(out, 'finish');
        }
      }
      process.stderr.write(`${JSON.stringify({ read, written, from: new Date(from).toISOString(), to: new Date(to).toISOString() })}\n`);
    });
}
