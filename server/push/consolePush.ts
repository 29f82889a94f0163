// The presenter console's socket namespace: a presenter token commands one wall. Each console gets
// the wall's state, the latest commands and which screens are connected on connect, then every
// change; its commands are validated here and run by the wall control one at a time per wall.
import type { Namespace, Server, Socket } from 'socket.io';
import { z } from 'zod';
import {
  CONSOLE_NAMESPACE,
  type CommandLogEntry, type ConsoleClientToServer, type ConsoleServerToClient, type ScreenPresence, type WallState,
} from '../../shared/wallControl.ts';
import { sameSecret } from '../auth/secrets.ts';
import type { Logger } from '../observability/logger.ts';
import { answerCommands } from './commandSocket.ts';
import type { WallControl } from '../walls/wallControl.ts';

const handshakeSchema = z.object({
  token: z.string().max(200),
  wall: z.string().regex(/^[a-z0-9-]{1,40}$/, 'a wall id: lower-case letters, digits and -'),
  name: z.string().trim().min(1).max(40).default('主持人'),
});

interface ConsoleData {
  wall: string;
  name: string;
}
type ConsoleSocket = Socket<ConsoleClientToServer, ConsoleServerToClient, Record<string, never>, ConsoleData>;

const consoleRoom = (wall: string) => `console:${wall}`;

export function startConsolePush(deps: {
  io: Server;
  presenterToken: string;
  screenToken: string;
  control: WallControl;
  /** Why a wall cannot be commanded (unknown), or null. */
  wallProblem(wall: string): string | null;
  presence(wall: string): ScreenPresence[];
  logger: Logger;
}) {
  const nsp = deps.io.of(CONSOLE_NAMESPACE) as unknown as Namespace<ConsoleClientToServer, ConsoleServerToClient, Record<string, never>, ConsoleData>;

  nsp.use((socket, next) => {
    const parsed = handshakeSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error(`bad handshake: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`));
    if (!sameSecret(parsed.data.token, deps.presenterToken)) {
      const why = sameSecret(parsed.data.token, deps.screenToken)
        ? 'forbidden: a screen token only shows a wall; commanding it needs the presenter token'
        : 'unauthorized: a valid presenter token is required';
      return next(new Error(why));
    }
    const problem = deps.wallProblem(parsed.data.wall);
    if (problem) return next(new Error(`bad handshake: ${problem}`));
    socket.data = { wall: parsed.data.wall, name: parsed.data.name };
    next();
  });

  nsp.on('connection', (socket: ConsoleSocket) => {
    const { wall, name } = socket.data;
    void socket.join(consoleRoom(wall));
    socket.emit('wallState', deps.control.state(wall)!);
    socket.emit('screens', deps.presence(wall));
    deps.control.history(wall).then((entries) => socket.emit('commandLog', entries), (err: Error) => deps.logger.error({ err: err.message }, 'command log unreadable'));
    socket.on('clock', (ack) => typeof ack === 'function' && ack(Date.now()));
    answerCommands(socket, (command) => deps.control.command(wall, command, name, 'presenter'), { logger: deps.logger, wall });
    deps.logger.debug({ wall, name }, 'console connected');
  });

  return {
    stateChanged: (state: WallState) => nsp.to(consoleRoom(state.wall)).emit('wallState', state),
    logged: (entry: CommandLogEntry) => nsp.to(consoleRoom(entry.wall)).emit('commandLog', [entry]),
    presenceChanged: (wall: string) => nsp.to(consoleRoom(wall)).emit('screens', deps.presence(wall)),
  };
}
