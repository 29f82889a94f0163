// The presenter console's socket namespace: a presenter key bound to the wall (or to every wall)
// commands it; every command is audited with the key. Each console gets
// the wall's state, the latest commands and which screens are connected on connect, then every
// change; its commands are validated here and run by the wall control one at a time per wall.
import { z } from 'zod';
import { aKey } from '../../shared/access.ts';
import { plainText } from '../../shared/plainText.ts';
import type { RehearsalBoard, RehearsalResult } from '../../shared/rehearsal.ts';
import { Refusal } from '../../shared/refusal.ts';
import {
  CONSOLE_NAMESPACE,
  type CommandLogEntry,
  type CommandResult,
  type ScreenPresence,
  type WallCommand,
  type WallState,
} from '../../shared/wallControl.ts';
import { canOpenWall, type Principal } from '../auth/accessKeys.ts';
import type { RateLimits } from '../auth/rateLimits.ts';
import type { Logger } from '../observability/logger.ts';
import type { WallControl } from '../walls/wallControl.ts';
import { answerClock, answerCommands } from './commandSocket.ts';
import { badHandshake, socketAdmission, type SocketAdmissionDeps } from './socketAdmission.ts';
import { guardSocketMessages } from './socketGuard.ts';
import type { ConsoleData, ConsoleNamespace } from './socketServer.ts';

const handshakeSchema = z.object({
  token: z.string().max(200),
  wall: z.string().regex(/^[a-z0-9-]{1,40}$/, 'a wall id: lower-case letters, digits and -'),
  // shown to every console of the wall and in the audit log: plain, like every text that comes in
  name: z.string().max(200).transform(plainText).pipe(z.string().trim().min(1).max(40)).default('主持人'),
});

const CONSOLE_ROOM = 'console:';
const consoleRoom = (wall: string) => `${CONSOLE_ROOM}${wall}`;

/** After a presence that could not be gathered (a node gone), ask again this much later. */
const PRESENCE_RETRY_MS = 3000;
/** How often a node gathers again the presence of the walls its consoles watch (a node that died says nothing). */
const PRESENCE_REFRESH_MS = 10_000;

export function startConsolePush(
  deps: SocketAdmissionDeps & {
    consoles: ConsoleNamespace;
    limits: RateLimits;
    /** Runs a presenter's command (scoped and audited by the caller). */
    command(wall: string, command: WallCommand, who: string, by: Principal, address: string): Promise<CommandResult>;
    control: WallControl;
    /** Why a wall cannot be commanded (unknown), or null. */
    wallProblem(wall: string): string | null;
    /** Which screens of a wall are connected, on every node. */
    presence(wall: string): Promise<ScreenPresence[]>;
    /** The scenarios and the rehearsal running. */
    rehearsals(): RehearsalBoard;
    /** Starts or stops a rehearsal (validated, scoped and audited by the caller). */
    rehearse(command: unknown, who: string, by: Principal, address: string): Promise<RehearsalResult>;
    logger: Logger;
  },
) {
  const nsp = deps.consoles;

  nsp.use(
    socketAdmission(CONSOLE_NAMESPACE, deps, {
      schema: handshakeSchema,
      what: 'a presenter token',
      welcome: (hs, p): ConsoleData | Refusal => {
        // only the presenter role changes what a wall shows (invariant 8)
        if (p.role !== 'presenter')
          return new Refusal(
            'forbidden',
            `${aKey(p.role)} only ${p.role === 'screen' ? 'shows a wall' : p.role === 'ingest' ? 'posts events' : 'reads'}; commanding a wall needs a presenter token`,
          );
        if (!canOpenWall(p, hs.wall))
          return new Refusal('forbidden', `the presenter key "${p.label}" commands ${p.walls!.join(', ')} only, not wall ${hs.wall}`);
        const problem = deps.wallProblem(hs.wall);
        if (problem) return badHandshake(problem);
        return { wall: hs.wall, name: hs.name, principal: p };
      },
    }),
  );

  nsp.on('connection', (socket) => {
    const { wall, name } = socket.data;
    void socket.join(consoleRoom(wall));
    socket.emit('wallState', deps.control.state(wall)!);
    deps.presence(wall).then(
      (list) => socket.emit('screens', list),
      (err: Error) => deps.logger.warn({ err: err.message }, 'screen presence unknown'),
    );
    deps.control.history(wall).then(
      (entries) => socket.emit('commandLog', entries),
      (err: Error) => deps.logger.error({ err: err.message }, 'command log unreadable'),
    );
    socket.emit('rehearsal', deps.rehearsals());
    answerClock(socket);
    guardSocketMessages(socket, deps.limits, deps.logger, deps.clientAddress(socket.request));
    socket.on('rehearse', (...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function') return; // nobody to answer: nothing is done
      const reply = ack as (result: RehearsalResult) => void;
      if (args.length !== 2)
        return reply({
          ok: false,
          code: 'invalid_payload',
          message: `rehearse takes one argument, the command, and the answer callback; got ${args.length - 1}`,
        });
      deps.rehearse(args[0], name, socket.data.principal, deps.clientAddress(socket.request)).then(reply, (err: Error) => {
        deps.logger.error({ wall, err: err.message }, 'rehearsal command failed');
        reply({ ok: false, code: 'error', message: `the server could not run the command: ${err.message}` });
      });
    });
    answerCommands(socket, (command) => deps.command(wall, command, name, socket.data.principal, deps.clientAddress(socket.request)), {
      logger: deps.logger,
      wall,
    });
    deps.logger.debug({ wall, name }, 'console connected');
  });

  /**
   * Walls whose presence is being gathered, and whether it changed again meanwhile (sent once more
   * after). Gathering asks every node; a node that died is still asked until Socket.IO's adapter
   * misses its heartbeats (about 10 s), and the answer times out: it is asked again a little later.
   */
  const gathering = new Map<string, boolean>();
  const retries = new Map<string, ReturnType<typeof setTimeout>>();
  const sendPresence = (wall: string) => {
    if (gathering.has(wall)) return void gathering.set(wall, true);
    gathering.set(wall, false);
    deps
      .presence(wall)
      .then(
        (list) => {
          lastTold.set(wall, JSON.stringify(list));
          nsp.to(consoleRoom(wall)).emit('screens', list); // to the consoles on every node
        },
        (err: Error) => {
          deps.logger.debug({ wall, err: err.message }, 'screen presence not gathered; asking again');
          if (!retries.has(wall))
            retries.set(
              wall,
              setTimeout(() => {
                retries.delete(wall);
                sendPresence(wall);
              }, PRESENCE_RETRY_MS).unref(),
            );
        },
      )
      .finally(() => {
        const again = gathering.get(wall);
        gathering.delete(wall);
        if (again) sendPresence(wall);
      });
  };

  // A node that dies says nothing: its screens stay in the lists until a screen comes or goes on a
  // live node. So every node gathers, now and then, the presence of the walls its own consoles
  // watch, and tells them when it differs from what they were last told.
  const lastTold = new Map<string, string>();
  const refresh = setInterval(() => {
    for (const room of nsp.adapter.rooms.keys()) {
      if (!room.startsWith(CONSOLE_ROOM)) continue;
      const wall = room.slice(CONSOLE_ROOM.length);
      deps.presence(wall).then(
        (list) => {
          const text = JSON.stringify(list);
          if (lastTold.get(wall) === text) return;
          lastTold.set(wall, text);
          nsp.local.to(room).emit('screens', list);
        },
        () => undefined,
      );
    }
  }, PRESENCE_REFRESH_MS);
  refresh.unref();

  return {
    // every node takes an accepted state and tells its own consoles
    stateChanged: (state: WallState) => nsp.local.to(consoleRoom(state.wall)).emit('wallState', state),
    // the node that ran the command tells the consoles on every node
    logged: (entry: CommandLogEntry) => nsp.to(consoleRoom(entry.wall)).emit('commandLog', [entry]),
    presenceChanged: sendPresence,
    // every node's consoles, from that node's holder
    rehearsalChanged: () => nsp.local.emit('rehearsal', deps.rehearsals()),
    close: () => {
      clearInterval(refresh);
      retries.forEach(clearTimeout);
    },
  };
}
