// A socket's `command` events, answered in one way for the console and the screens: validated
// (the refusal names the field), handled, and any failure answered rather than thrown.
import type { CommandResult, WallCommand } from '../../shared/wallControl.ts';
import type { Logger } from '../observability/logger.ts';
import { parseWallCommand } from '../walls/wallCommands.ts';

interface CommandSocket {
  on(event: 'command', listener: (command: unknown, ack: unknown) => void): unknown;
}

export function answerCommands(socket: CommandSocket, handle: (command: WallCommand) => CommandResult | Promise<CommandResult>, log: { logger: Logger; wall: string }): void {
  socket.on('command', (command, ack) => {
    if (typeof ack !== 'function') return; // nobody to answer: nothing is done
    const reply = ack as (result: CommandResult) => void;
    const parsed = parseWallCommand(command);
    if (!parsed.ok) return reply(parsed);
    Promise.resolve()
      .then(() => handle(parsed.command))
      .then(reply, (err: Error) => {
        log.logger.error({ wall: log.wall, err: err.message }, 'wall command failed');
        reply({ ok: false, code: 'error', message: `the server could not run the command: ${err.message}` });
      });
  });
}
