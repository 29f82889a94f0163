// The rehearsal running now (演练), held in the server: one for the whole city at a time. Started
// and stopped from the presenter console (its socket's `rehearse`) or over HTTP (`gridwall
// rehearse`), both through `rehearsalCommand` — validated, allowed only to a presenter key of the
// whole city and every wall, audited with the key — and told to every wall screen and console by
// push/ (onChange). The simulator asks `current(now)` every tick (server/simulator/scenarioIntake.ts).
// A rehearsal ends by itself at its `until`. It is held in memory, not stored: scaled out, the
// nodes tell each other of every start and stop, and a node that (re)starts asks the others.
import { aKey } from '../../shared/access.ts';
import {
  rehearsalCommandSchema,
  scenarioInfo,
  type ActiveRehearsal,
  type RehearsalBoard,
  type RehearsalResult,
  type RehearsalStatus,
  type Scenario,
} from '../../shared/rehearsal.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import { shanghaiClock } from '../../shared/shanghaiTime.ts';
import type { Principal } from '../auth/accessKeys.ts';
import type { Access } from '../auth/access.ts';
import type { Bus } from '../bus/bus.ts';

/** How often the holder looks whether the rehearsal has run out (and tells the screens). */
const EXPIRY_CHECK_MS = 1000;

export type Rehearsals = ReturnType<typeof createRehearsals>;

export function createRehearsals(scenarios: ReadonlyMap<string, Scenario>, clock: () => number = Date.now, options: { checkMs?: number } = {}) {
  let active: RehearsalStatus | null = null;
  /** When the last start or stop happened (a later one, from another node, replaces it). */
  let changedAt = 0;
  const listeners: ((status: RehearsalStatus | null) => void)[] = [];
  const local: ((status: RehearsalStatus | null, changedAt: number) => void)[] = [];
  const changed = () => listeners.forEach((listener) => listener(active));
  /** A start or stop made here: shown here, and told to the other nodes. */
  const changedHere = (now: number) => {
    changedAt = Math.max(now, changedAt + 1);
    changed();
    local.forEach((listener) => listener(active, changedAt));
  };
  const list = [...scenarios.values()].map(scenarioInfo);

  /** The rehearsal at `now`, ended (and told) once its time is up. */
  function status(now = clock()): RehearsalStatus | null {
    if (active && now >= active.until) {
      active = null;
      changed();
    }
    return active;
  }
  const check = setInterval(() => status(), options.checkMs ?? EXPIRY_CHECK_MS);
  check.unref();

  return {
    scenarios: () => list,
    /** What the simulator passes to its scenario intake each tick: the rehearsal at `now`, or undefined. */
    current(now = clock()): ActiveRehearsal | undefined {
      const s = status(now);
      return s ? { name: s.name, title: s.title, startedAt: s.startedAt, until: s.until } : undefined;
    },
    status: () => status(),
    board: (): RehearsalBoard => ({ scenarios: list, active: status() }),
    /** Starts a scenario for `minutes` (checked by the caller's schema); refused while another runs. */
    start(name: string, minutes: number, who: string): RehearsalResult {
      const scenario = scenarios.get(name);
      if (!scenario)
        return {
          ok: false,
          code: 'unknown_scenario',
          message: `no scenario "${name}" (${list.length ? `the scenarios are ${list.map((s) => s.name).join(', ')}` : 'config/scenarios holds none'})`,
        };
      const now = clock();
      const running = status(now);
      if (running)
        return {
          ok: false,
          code: 'rehearsal_running',
          message: `the rehearsal "${running.name}" (${running.title}) runs until ${shanghaiClock(running.until)}: stop it first`,
        };
      active = { name, title: scenario.title, startedAt: now, until: now + minutes * 60_000, by: who };
      changedHere(now);
      return { ok: true, rehearsal: active };
    },
    stop(): RehearsalResult {
      const running = status();
      if (!running) return { ok: false, code: 'not_rehearsing', message: 'no rehearsal is running' };
      active = null;
      changedHere(clock());
      return { ok: true, rehearsal: running };
    },
    /**
     * A start or stop made on another node: taken if it is later than the last one here (of two at
     * the same instant, the same one on every node), and shown; whether it was taken.
     */
    adopt(rehearsal: RehearsalStatus | null, at: number): boolean {
      const later = at > changedAt || (at === changedAt && JSON.stringify(rehearsal) > JSON.stringify(active));
      if (!later) return false;
      changedAt = at;
      const before = JSON.stringify(active);
      active = rehearsal && clock() < rehearsal.until ? rehearsal : null;
      if (JSON.stringify(active) !== before) changed();
      return true;
    },
    /** The last start or stop made here or taken from another node, for a node that asks. */
    lastChange: () => ({ rehearsal: status(), changedAt }),
    /** Tells `listener` of every start and stop made on this node (not of ends, nor of other nodes'). */
    onChangeHere(listener: (status: RehearsalStatus | null, changedAt: number) => void): void {
      local.push(listener);
    },
    /** Tells `listener` of every start, stop and end (null: none runs now). */
    onChange(listener: (status: RehearsalStatus | null) => void): () => void {
      listeners.push(listener);
      return () => void listeners.splice(listeners.indexOf(listener), 1);
    },
    close() {
      clearInterval(check);
    },
  };
}

/**
 * One audited way to start or stop a rehearsal, for the console's socket and the HTTP API alike. A
 * rehearsal changes what every wall shows and what the whole city's intake does: only a presenter
 * key of the city (a district's or street's is refused) bound to no particular walls may run one.
 */
export function rehearsalCommand(deps: { rehearsals: Rehearsals; audit: Access['audit'] }) {
  return async (input: unknown, who: string, by: Principal, ip: string | null): Promise<RehearsalResult> => {
    const parsed = rehearsalCommandSchema.safeParse(input);
    const type = parsed.success
      ? parsed.data.type
      : typeof input === 'object' && input !== null && (input as { type?: unknown }).type === 'stop'
        ? 'stop'
        : 'start';
    let result: RehearsalResult;
    if (!parsed.success)
      result = { ok: false, code: 'invalid_payload', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'command'}: ${i.message}`).join('; ') };
    else if (by.role !== 'presenter')
      result = { ok: false, code: 'forbidden', message: `${aKey(by.role)} ("${by.label}") cannot run a rehearsal: it takes a presenter key` };
    else if (by.scope !== CITY_CODE)
      result = {
        ok: false,
        code: 'outside_scope',
        message: `the key "${by.label}" sees ${by.scope} only: a rehearsal changes the whole city's wall, so it takes a presenter key of the city (1201)`,
      };
    else if (by.walls !== null)
      result = {
        ok: false,
        code: 'forbidden',
        message: `the key "${by.label}" commands ${by.walls.join(', ')} only: a rehearsal shows on every wall, so it takes a presenter key for every wall`,
      };
    else result = parsed.data.type === 'start' ? deps.rehearsals.start(parsed.data.scenario, parsed.data.minutes, who) : deps.rehearsals.stop();
    const command = parsed.success ? parsed.data : null;
    const target = command?.type === 'start' ? command.scenario : result.ok ? result.rehearsal.name : (deps.rehearsals.status()?.name ?? '-');
    await deps.audit.record(
      by,
      `rehearsal.${type}`,
      target,
      result.ok,
      { by: who, ...(command?.type === 'start' && { minutes: command.minutes }), ...(!result.ok && { code: result.code }) },
      ip,
    );
    return result;
  };
}

export type RehearsalCommandRunner = ReturnType<typeof rehearsalCommand>;

/**
 * Scaled out, every node holds the same rehearsal: a start or stop here is told to the others and
 * theirs are taken here; a node that (re)starts asks, and a node that has had one tells it again.
 * Each node ends it at its `until` by itself. In one process the bus carries nothing.
 */
export function shareRehearsals(rehearsals: Rehearsals, bus: Pick<Bus, 'publishControl' | 'onControl'>): void {
  rehearsals.onChangeHere((rehearsal, changedAt) => bus.publishControl({ type: 'rehearsal', rehearsal, changedAt }));
  bus.onControl((message) => {
    if (message.type === 'rehearsal') rehearsals.adopt(message.rehearsal, message.changedAt);
    else if (message.type === 'rehearsalAsk') {
      const last = rehearsals.lastChange();
      if (last.changedAt > 0) bus.publishControl({ type: 'rehearsal', ...last });
    }
  });
  bus.publishControl({ type: 'rehearsalAsk' });
}
