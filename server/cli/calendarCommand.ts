// `gridwall calendar list|load FILE`: the official holiday schedules, straight in the store the
// configuration names. `load` stores a year's schedule (the file's shape: shared/calendarYear.ts;
// config/calendar/<year>.json are examples) for every node; running servers take it within a minute
// and count the provisional deadlines of open cases again. Audited as the command line.
import type { Command } from 'commander';
import { Refusal } from '../../shared/refusal.ts';
import { createAudit } from '../auth/audit.ts';
import { readCalendarFile } from '../config/config.ts';
import { createCalendarService } from '../ingest/calendarService.ts';
import { createLogger } from '../observability/logger.ts';
import { cliPrincipal, withStore } from './cliStore.ts';

export function calendarCommand(program: Command): void {
  const calendar = program.command('calendar').description('the official holiday schedules working days are counted by');
  const open = <T>(run: (svc: ReturnType<typeof createCalendarService>, audit: ReturnType<typeof createAudit>) => Promise<T>) =>
    withStore(async (stores, config) => {
      const logger = createLogger('silent');
      const svc = createCalendarService({ sla: config.sla, files: config.calendarFiles, store: stores.calendar, logger, onChange: () => undefined });
      await svc.refresh();
      return run(svc, createAudit(stores.audit, logger));
    });
  const printStatus = (svc: ReturnType<typeof createCalendarService>) => {
    const s = svc.status();
    for (const y of s.years)
      process.stdout.write(
        `${y.year}  ${String(y.holidays).padStart(2)} days off, ${String(y.workdays).padStart(2)} make-up days  ${y.origin === 'loaded' ? `loaded ${y.loadedAt} by ${y.loadedBy}` : 'calendar folder'}  ${y.source ?? ''}\n`,
      );
    process.stdout.write(`official through ${s.coveredThrough ?? '(none for this year)'}; provisional from ${s.provisionalFrom}\n`);
    if (s.warning) process.stdout.write(`warning: ${s.warning}\n`);
  };

  calendar
    .command('list')
    .description('the official years, and how far they reach')
    .action(() => open(async (svc) => printStatus(svc)));

  calendar
    .command('load')
    .argument('<file>', "a year's schedule: {year, source?, holidays: [weekdays off], workdays: [weekend days worked]}")
    .option('--replace', 'replace the year if it has a schedule already')
    .description("store a year's official schedule (running servers take it within a minute)")
    .action((file: string, opts: { replace?: boolean }) =>
      open(async (svc, audit) => {
        const schedule = readCalendarFile(file);
        const cli = cliPrincipal();
        try {
          const year = await svc.load(schedule, cli.label, opts.replace === true);
          await audit.record(cli, 'calendar.load', String(year.year), true, {
            holidays: year.holidays,
            workdays: year.workdays,
            replace: opts.replace === true,
          });
        } catch (err) {
          if (err instanceof Refusal) throw new Error(err.message);
          throw err;
        }
        printStatus(svc);
      }),
    );
}
