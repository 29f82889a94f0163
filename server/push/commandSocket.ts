// A socket's `command` and `clock` events, answered in one way for the console and the screens:
// validated (the refusal names the field), handled, and any failure answered rather than thrown. The
// answer goes to the last argument when it is a function, whatever comes before it.
import type { CommandResult, WallCommand } from '../../shared/wallControl.ts';
import type { Logger } from '../observability/logger.ts';
import { parseWallCommand } from '../walls/wallCommands.ts';

interface CommandSocket {
  on(event: 'command' | 'clock', listener: (...args: unknown[]) => void): unknown;
}

/** `clock(ack)`: the server's time, for the client's offset. */
export function answerClock(socket: CommandSocket): void {
  socket.on('clock', (...args) => {
    const ack = args.at(-1);
    if (typeof ack === 'function') (ack as (now: number) => void)(Date.now());
  });
}

export function answerCommands(
  socket: CommandSocket,
  handle: (command: WallCommand) => CommandResult | Promise<CommandResult>,
  log: { logger: Logger; wall: string },
): void {
  socket.on('command', (...args) => {
    const ack = args.at(-1);
    if (typeof ack !== 'function') return; // nobody to answer: nothing is done
    const reply = ack as (result: CommandResult) => void;
    if (args.length !== 2)
      return reply({
        ok: false,
        code: 'invalid_command',
        message: `command takes one argument, the command, and the answer callback; got ${args.length - 1} arguments`,
      });
    const parsed = parseWallCommand(args[0]);
    if (!parsed.ok) return reply(parsed);
    Promise.resolve()
      .then(() => handle(parsed.command))
      .then(reply, (err: Error) => {
        log.logger.error({ wall: log.wall, err: err.message }, 'wall command failed');
        reply({ ok: false, code: 'error', message: `the server could not run the command: ${err.message}` });
      });
  });
}
