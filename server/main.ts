// CLI entry (`npm start` runs it after building the wall; `npm run gridwall -- <command>`):
//   gridwall [start]                 serve the wall
//   gridwall import FILE.ndjson      feed case events and fixes to a running server
//   gridwall replay FILE.ndjson      replay a recorded day through a running server, compressed in time (rehearsals)
//   gridwall rehearse NAME --minutes 60   start a rehearsal scenario (演练) on a running server; --stop, --list
//   gridwall export --from --to      write the log's events as NDJSON
//   gridwall keys list|create|rotate|revoke   manage access keys
//   gridwall calendar list|load FILE          the official holiday schedules
import { Command } from 'commander';
import { calendarCommand } from './cli/calendarCommand.ts';
import { exportCommand } from './cli/exportCommand.ts';
import { importCommand } from './cli/importCommand.ts';
import { keysCommand } from './cli/keysCommand.ts';
import { rehearseCommand } from './cli/rehearseCommand.ts';
import { replayCommand } from './cli/replayCommand.ts';
import { startCommand } from './cli/startCommand.ts';

const program = new Command('gridwall').description('Gridwall: the real-time wall of a grid-governance command hall');
startCommand(program);
importCommand(program);
replayCommand(program);
rehearseCommand(program);
exportCommand(program);
keysCommand(program);
calendarCommand(program);
try {
  await program.parseAsync();
} catch (err) {
  // a configuration or usage problem: one line that says what, not a stack trace
  process.stderr.write(`gridwall: ${(err as Error).message}\n`);
  process.exit(1);
}
