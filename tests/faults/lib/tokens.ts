// Fixed tokens for a server process the suites restart: given by the environment on every start,
// so they work across restarts whether or not the banner prints them (the store keeps only hashes).
import { newToken } from '../../../server/auth/accessKeys.ts';

export interface FaultTokens {
  ingestKey: string;
  screenToken: string;
  presenterToken: string;
  adminToken: string;
  env: Record<string, string>;
}

export function faultTokens(): FaultTokens {
  const t = { ingestKey: newToken('ingest'), screenToken: newToken('screen'), presenterToken: newToken('presenter'), adminToken: newToken('admin') };
  return {
    ...t,
    env: {
      GRIDWALL_INGEST_KEY: t.ingestKey,
      GRIDWALL_SCREEN_TOKEN: t.screenToken,
      GRIDWALL_PRESENTER_TOKEN: t.presenterToken,
      GRIDWALL_ADMIN_TOKEN: t.adminToken,
      // the faults are the subject here, not the traffic limits
      RATE_LIMIT_INGEST: '0',
      RATE_LIMIT_READ: '0',
      RATE_LIMIT_ADMIN: '0',
      RATE_LIMIT_SOCKET: '0',
    },
  };
}
