// The walls of this server and what each shows: the layouts (config/walls), the presenter-held state
// of each (wallControl.ts), one audited way to command a wall (the console and a screen's keyboard
// alike, within the commanding key's scope), and, scaled out, the same state on every node — a
// command accepted here is told to the others, theirs are adopted here, and what a lost message
// would have said is read from the store every few seconds.
import { CITY_CODE } from '../../shared/regions.ts';
import { parseScreen } from '../../shared/wallLayout.ts';
import { withinScope } from '../../shared/access.ts';
import { SYNC_LEAD_MS, SYSTEM_WHO, type CommandLogEntry, type CommandResult, type WallCommand } from '../../shared/wallControl.ts';
import type { Principal } from '../auth/accessKeys.ts';
import type { Access } from '../auth/access.ts';
import type { Bus } from '../bus/bus.ts';
import type { Geography } from '../geo/geography.ts';
import { throttledWarn } from '../observability/logThrottle.ts';
import type { Logger } from '../observability/logger.ts';
import type { Stores } from '../store/stores.ts';
import { createWallControl } from './wallControl.ts';
import type { WallLayouts } from './wallLayouts.ts';

/** How often a scaled-out node reads the walls' states again (a message from another node lost while Redis was away). */
const RESYNC_MS = 5000;

export type Walls = Awaited<ReturnType<typeof openWalls>>;

export async function openWalls(deps: {
  layouts: WallLayouts;
  stores: Pick<Stores, 'walls' | 'log'>;
  geography: Pick<Geography, 'tree'>;
  audit: Access['audit'];
  /** How long an ended playback holds before the wall goes back to live, where its layout does not say (0: never by itself). */
  liveAfterPlaybackS: number;
  logger: Logger;
}) {
  const { layouts, logger } = deps;
  /** A case's grid, from the log (undefined: no such case): a spotlight's scope, for commands and for what a screen may see. */
  const caseGrid = async (caseId: string) => (await deps.stores.log.loadCases([caseId])).get(caseId)?.gridCode;
  /** The region a wall shows: its layout's scope, the city by default. */
  const wallScope = (id: string) => layouts.get(id)?.scope ?? CITY_CODE;
  const control = await createWallControl({
    walls: layouts,
    wallStates: deps.stores.walls,
    caseGrid,
    regionExists: (code) => deps.geography.tree.get(code) !== undefined,
    liveAfterPlaybackS: deps.liveAfterPlaybackS,
    logger,
  });

  // An ended playback does not hold the wall on the past: at its clock's liveAt the server goes back
  // to live itself, logged and audited as the system, unless a presenter changed the wall meanwhile
  // (a pause, a seek, another scene: a new state, with its own liveAt or none). Timed to take effect
  // at liveAt, when the screens' countdown reaches 0. Scaled out, every node times it; the first
  // saves it and the others find the wall moved on.
  const returns = new Map<string, ReturnType<typeof setTimeout>>();
  control.onPublished((state) => {
    clearTimeout(returns.get(state.wall));
    returns.delete(state.wall);
    const liveAt = state.playback?.liveAt;
    if (liveAt === undefined) return;
    const timer = setTimeout(
      () => {
        returns.delete(state.wall);
        void control
          .returnToLive(state.wall, state.version)
          .then(async (result) => {
            if (!result) return;
            await deps.audit.record('system', 'wall.command', state.wall, result.ok, {
              type: 'live',
              by: SYSTEM_WHO,
              reason: 'playback ended',
              ...(!result.ok && { code: result.code }),
            });
            if (result.ok) logger.info({ wall: state.wall, version: result.state.version }, 'playback ended: the wall is live again');
          })
          .catch((err: Error) => logger.error({ wall: state.wall, err: err.message }, 'the wall could not go back to live after its playback'));
      },
      Math.max(0, liveAt - SYNC_LEAD_MS - Date.now()),
    );
    timer.unref();
    returns.set(state.wall, timer);
  });
  const known = () =>
    layouts
      .list()
      .map((w) => w.id)
      .join(', ');
  let resync: ReturnType<typeof setInterval> | undefined;

  return {
    layouts,
    control,
    /** A wall command from the console or a screen's keyboard, within the commanding key's scope, audited with the key. */
    async command(wall: string, command: WallCommand, who: string, role: CommandLogEntry['role'], by: Principal, ip: string | null) {
      // a screen's key commands only a wall within its own region: a district's screen does not move the city's wall
      const result: CommandResult =
        role === 'keyboard' && !withinScope(wallScope(wall), by.scope)
          ? {
              ok: false,
              code: 'outside_scope',
              message: `the key "${by.label}" sees ${by.scope} only: it cannot command wall ${wall}, which shows ${wallScope(wall)}`,
            }
          : await control.command(wall, command, who, role, by.scope);
      await deps.audit.record(by, 'wall.command', wall, result.ok, { type: command.type, by: who, ...(!result.ok && { code: result.code }) }, ip);
      return result;
    },
    /** Why a wall cannot be commanded (no such wall), or null. */
    wallProblem: (id: string) => (layouts.get(id) ? null : `no wall "${id}" (the walls are ${known()})`),
    /** Why a wall's screen cannot be served (no such wall, or a screen off it), or null. */
    screenProblem(id: string, screen: string): string | null {
      const wall = layouts.get(id);
      if (!wall) return `no wall "${id}" (the walls are ${known()})`;
      return parseScreen(wall, screen) ? null : `screen ${screen} is not on wall ${id}: its screens are 1-1 to ${wall.screens.rows}-${wall.screens.cols}`;
    },
    /** Whether a wall's screens may send keyboard commands. */
    keyboard: (id: string) => layouts.get(id)?.keyboard ?? false,
    wallScope,
    caseGrid,

    /** Keeps every node's walls the same (scale-out): states accepted here go out, the others' come in. */
    share(bus: Pick<Bus, 'publishControl' | 'onControl'>, scaledOut: boolean) {
      control.onCommanded((state) => bus.publishControl({ type: 'wallState', state }));
      bus.onControl((message) => {
        if (message.type === 'wallState')
          void control.adopt(message.state).catch((err: Error) => logger.error({ err: err.message }, 'wall state from another node not taken'));
      });
      if (!scaledOut) return;
      const warn = throttledWarn(logger);
      resync = setInterval(() => control.resync().catch((err: Error) => warn('wall states could not be read again', err)), RESYNC_MS);
      resync.unref();
    },
    stop() {
      clearInterval(resync);
      returns.forEach(clearTimeout);
    },
  };
}
