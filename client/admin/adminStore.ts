// The admin page's state (Zustand): its key, the keys and walls as last read, the tab, the token being
// shown once, and what stops the page: a refused admin key (401) or a key that is not an admin key
// (403) replaces the page; a rate limit (429) or a lost server is a banner. `failureText` is the one
// place an API error becomes words.
import { create } from 'zustand';
import type { AccessKeyInfo } from '../../shared/access.ts';
import { AdminApiError, adminApi, type WallSummary } from './adminApi.ts';
import { am, type AdminTab } from './adminMessages.ts';

/** A token shown once: after making or rotating a key. */
export interface Reveal {
  kind: 'made' | 'rotated';
  key: AccessKeyInfo;
  token: string;
  /** The rotated key, with the end of its grace period. */
  previous?: AccessKeyInfo;
}

export type Fatal = { kind: 'invalid' | 'notAdmin'; message: string };

interface AdminState {
  token: string;
  tab: AdminTab;
  keys: AccessKeyInfo[] | null;
  keysError: string | null;
  walls: WallSummary[] | null;
  fatal: Fatal | null;
  /** A page-wide banner: over a rate limit, the server unreachable. */
  banner: string | null;
  reveal: Reveal | null;
  setTab(tab: AdminTab): void;
  setBanner(text: string | null): void;
  setReveal(reveal: Reveal | null): void;
}

export const useAdminStore = create<AdminState>((set) => ({
  token: '',
  tab: 'keys',
  keys: null,
  keysError: null,
  walls: null,
  fatal: null,
  banner: null,
  reveal: null,
  setTab: (tab) => set({ tab }),
  setBanner: (banner) => set({ banner }),
  setReveal: (reveal) => set({ reveal }),
}));

/**
 * An API failure in words, for the place that made the call; a refused admin key also stops the
 * page, a rate limit also raises the banner. The server's own sentence is always part of it.
 */
export function failureText(err: unknown): string {
  const { setBanner } = useAdminStore.getState();
  if (!(err instanceof AdminApiError)) return (err as Error).message;
  if (err.status === 401) {
    useAdminStore.setState({ fatal: { kind: 'invalid', message: err.message } });
    return err.message;
  }
  if (err.status === 403 && err.code === 'forbidden') {
    useAdminStore.setState({ fatal: { kind: 'notAdmin', message: err.message } });
    return err.message;
  }
  if (err.status === 429) {
    const text = `${am.rateLimited(err.retryAfterS ?? 1)} ${am.serverSaid(err.message)}`;
    setBanner(text);
    return text;
  }
  if (err.status === 0) {
    const text = am.networkError(err.message);
    setBanner(text);
    return text;
  }
  const known = err.code ? am.refusals[err.code] : undefined;
  return known ? `${known} ${am.serverSaid(err.message)}` : err.message;
}

export async function refreshKeys(): Promise<void> {
  const { token } = useAdminStore.getState();
  try {
    const keys = await adminApi.listKeys(token);
    // an answer: whatever the banner said (a rate limit, the server away) is over
    useAdminStore.setState({ keys, keysError: null, banner: null });
  } catch (err) {
    const text = failureText(err);
    // a rate limit or a lost server is said once, in the banner
    if (!(err instanceof AdminApiError && (err.status === 429 || err.status === 0))) useAdminStore.setState({ keysError: text });
  }
}

export async function loadWalls(): Promise<void> {
  const { token } = useAdminStore.getState();
  try {
    useAdminStore.setState({ walls: await adminApi.listWalls(token) });
  } catch (err) {
    failureText(err);
  }
}
