// Open311 GeoReport v2 at /open311/v2: citizens' apps and hotline platforms that speak the standard
// connect by configuration. Every endpoint answers in XML (the spec's) and JSON (by the path's
// extension), every failure in the spec's error list. Every call is authenticated (invariant 8): a
// read key or an ingest key reads (a citizen app holds one key to post and to follow its reports),
// only an ingest key posts, each within its region; the key may come as the spec's api_key
// parameter as well as in the headers every other route takes. A new request is reported through
// the same case ingest as every other source (validation, placement, deadline, push, idempotency).
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { READ_ROLES, type Role } from '../../shared/access.ts';
import type { CaseEventInput, SourceChannel } from '../../shared/caseEvent.ts';
import type { CaseState } from '../../shared/caseLifecycle.ts';
import { caseIdSchema } from '../../shared/wallControl.ts';
import type { Principal } from '../auth/accessKeys.ts';
import type { RateLimitGroup } from '../auth/rateLimits.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import type { RegionTree } from '../geo/regionTree.ts';
import { Refusal } from '../../shared/refusal.ts';
import { principalOf, type Authorizer } from '../http/authorize.ts';
import type { Logger } from '../observability/logger.ts';
import type { Refusals } from '../observability/refusals.ts';
import type { StoredCaseEvent } from '../../shared/caseEvent.ts';
import type { EventLog } from '../store/eventLog.ts';
import { Open311Error, open311ErrorHandler } from './errors.ts';
import { createRequestFinder, type FinderLimits } from './findRequests.ts';
import { sendAnswer, splitFormat, toXml, type Format, type Item } from './format.ts';
import { idempotencyKeyOf, requestIds } from './idempotency.ts';
import { channelOf, parseNewRequest, reportEvent, type NewRequest } from './newRequest.ts';
import { bodyParams, queryParams, type Params } from './params.ts';
import { COMMON_PARAMS, MAX_REQUESTS, parseRequestQuery } from './requestQuery.ts';
import { readCase } from './serviceRequest.ts';
import { LANGS, SERVICES, serviceItem, serviceOf, type Lang, type ServiceOwners } from './services.ts';
import { createdNotice } from './words.ts';

/** The jurisdiction this endpoint serves (the spec suggests the city's web domain). */
export const DEFAULT_JURISDICTION = 'tianjin.gov.cn';
export const BASE = '/open311/v2';
/** A service request is a few fields and media by URL. */
const BODY_LIMIT = '64kb';
/** Cases read at once while building a list. */
const READ_CONCURRENCY = 8;

export interface Open311Deps {
  auth: Authorizer;
  log: Pick<EventLog, 'readCaseEvents' | 'loadCases' | 'readEventsByTime'>;
  tree: RegionTree;
  grids: GridIndex;
  /** The case ingest, as the events route calls it. */
  ingestCases: (events: CaseEventInput[], scope: string, sources: readonly SourceChannel[] | null) => Promise<unknown>;
  /** The live projection's open cases. */
  openCases: () => Iterable<{ state: CaseState }>;
  logger: Logger;
  refusals?: Refusals;
  /** The duty list's owner of each service (named in its description); absent: none named. */
  ownerOf?: (code: string) => ServiceOwners | undefined;
  jurisdictionId?: string;
  now?: () => number;
  finderLimits?: Partial<FinderLimits>;
}

/** What a call was let in with: its parameters, the key's token and principal. */
interface Call {
  query: Params;
  body: Params;
  token: string;
  principal: Principal;
  lang: Lang;
}

export function open311Routes(deps: Open311Deps): Router {
  const now = deps.now ?? Date.now;
  const jurisdiction = deps.jurisdictionId ?? DEFAULT_JURISDICTION;
  const finder = createRequestFinder({ log: deps.log, openCases: deps.openCases, limits: deps.finderLimits });
  /** Requests in flight per case id: a retry that arrives while its first attempt runs waits for it. */
  const inFlight = new Map<string, Promise<unknown>>();

  /**
   * Reads the parameters (the body only for a POST, as raw bytes parsed here), takes the spec's
   * api_key where no header carries a key, and lets in keys of `roles`. A body that cannot be read
   * is refused after the key when a header carries one (an unknown caller learns nothing), before
   * it otherwise (the key may be in it).
   */
  const admit = (roles: readonly Role[], what: string, group: Exclude<RateLimitGroup, 'authFailure' | 'socket'>): RequestHandler => {
    const authorize = deps.auth.require(roles, what, group);
    return (req, res, next) => {
      const header = req.get('authorization')?.startsWith('Bearer ') ? req.get('authorization')!.slice(7) : req.get('x-api-key');
      let body: Params = new Map();
      let bodyError: unknown;
      const query = queryParams(req);
      if (req.method === 'POST') {
        try {
          body = bodyParams(req);
        } catch (err) {
          if (header === undefined) throw err;
          bodyError = err;
        }
      }
      const given = [...(body.get('api_key') ?? []), ...(query.get('api_key') ?? [])];
      if (new Set(given).size > 1 || (header !== undefined && given.length && given[0] !== header)) {
        throw new Open311Error(400, 'api_key: two different keys given (headers and parameters): send one', 'invalid_payload');
      }
      const token = header ?? given[0];
      if (header === undefined && token !== undefined) req.headers['x-api-key'] = token;
      authorize(req, res, (err?: unknown) => {
        if (err) return next(err);
        if (bodyError) return next(bodyError);
        try {
          res.locals.open311 = { query, body, token: token!, principal: principalOf(res), lang: langOf(query) } satisfies Call;
          checkJurisdiction(body, query);
          next();
        } catch (e) {
          next(e);
        }
      });
    };
  };

  function checkJurisdiction(...params: Params[]): void {
    for (const given of params.flatMap((p) => p.get('jurisdiction_id') ?? [])) {
      if (given !== jurisdiction)
        throw new Open311Error(
          404,
          `jurisdiction_id ${given}: not found; this endpoint serves ${jurisdiction} (or leave jurisdiction_id out)`,
          'unknown_jurisdiction',
        );
    }
  }

  const callOf = (res: Response) => res.locals.open311 as Call;
  const formatOf = (req: Request): Format => {
    const f = String(req.params.format ?? '').toLowerCase();
    if (f !== 'json' && f !== 'xml')
      throw new Open311Error(400, `format "${String(req.params.format)}": append .xml or .json to the resource`, 'invalid_format');
    return f;
  };
  /** A path's last segment split into its name and format (`appearance.garbage.json`). */
  const fileOf = (req: Request): { name: string; format: Format } => {
    const { name, format } = splitFormat(String(req.params.file));
    if (!format) throw new Open311Error(400, `${String(req.params.file)}: append .xml or .json to the resource`, 'invalid_format');
    return { name, format };
  };
  /** Only the common parameters (api_key, jurisdiction_id, lang) on calls that take none of their own. */
  const onlyCommon = (query: Params) => {
    const unknown = [...query.keys()].filter((k) => !(COMMON_PARAMS as readonly string[]).includes(k));
    if (unknown.length)
      throw new Open311Error(
        400,
        unknown.map((k) => `${k}: not a parameter of this call (${COMMON_PARAMS.join(', ')})`),
        'invalid_payload',
      );
  };

  const readers = admit([...READ_ROLES, 'ingest'], 'a read key or an ingest key', 'read');
  const writers = admit(['ingest'], 'an ingest key', 'ingest');
  const api = Router();

  api.get('/discovery.:format', readers, (req, res) => {
    const format = formatOf(req);
    onlyCommon(callOf(res).query);
    const url = `${req.protocol}://${req.get('host')}${BASE}/`;
    const endpoint = { specification: 'http://wiki.open311.org/GeoReport_v2', url, changeset: STARTED, type: 'production' };
    const meta = {
      changeset: STARTED,
      contact: "the command hall's duty desk",
      key_service: "an access key from the hall's administrator (ingest key to post, any read key to read)",
    };
    res.status(200);
    if (format === 'json')
      res.type('application/json; charset=utf-8').send(JSON.stringify({ ...meta, endpoints: [{ ...endpoint, formats: ['text/xml', 'application/json'] }] }));
    else
      res
        .type('text/xml; charset=utf-8')
        .send(toXml('discovery', null, { ...meta, endpoints: { endpoint: { ...endpoint, formats: { format: ['text/xml', 'application/json'] } } } } as never));
  });

  api.get('/v2/services.:format', readers, (req, res) => {
    const format = formatOf(req);
    const call = callOf(res);
    onlyCommon(call.query);
    sendAnswer(
      res,
      format,
      200,
      'services',
      'service',
      SERVICES.map((s) => serviceItem(s, call.lang, deps.ownerOf?.(s.code))),
    );
  });

  api.get('/v2/services/:file', readers, (req, res) => {
    const { name } = fileOf(req);
    onlyCommon(callOf(res).query);
    const service = serviceOf(name);
    // no service has attributes (metadata false): there is no definition to give, as the spec's error says
    throw new Open311Error(
      404,
      service
        ? `service_code ${name}: this service has no attributes (metadata false), so there is no service definition; post requests without attribute[…]`
        : `service_code ${name}: no such service (GET services lists them)`,
      service ? 'no_definition' : 'unknown_service',
    );
  });

  api.post('/v2/requests.:format', express.raw({ type: () => true, limit: BODY_LIMIT }), writers, async (req, res) => {
    const format = formatOf(req);
    const call = callOf(res);
    onlyCommon(call.query);
    const p = call.principal;
    const request = parseNewRequest(call.body, deps.grids);
    const source = channelOf(p.sources, p.label);
    const ids = requestIds(call.token, idempotencyKeyOf(req.get('idempotency-key')), call.body, now());
    // one attempt per case id at a time in this process: a retry waits, then finds the case
    const previous = inFlight.get(ids.create);
    if (previous) await previous.catch(() => undefined);
    const attempt = createOrFind(request, ids, source, p);
    inFlight.set(ids.create, attempt);
    try {
      const outcome = await attempt;
      const location = `${BASE}/requests/${outcome.caseId}.${format}`;
      res.set('cache-control', 'no-store').set('location', location);
      if (outcome.replayed) res.set('idempotent-replayed', 'true');
      sendAnswer(res, format, outcome.replayed ? 200 : 201, 'service_requests', 'request', [
        {
          service_request_id: outcome.caseId,
          service_notice: createdNotice(outcome.deadline, request.shortenedTo, call.lang),
          // the hall keeps no accounts: the spec's "may not be returned"
          account_id: null,
        },
      ]);
    } finally {
      if (inFlight.get(ids.create) === attempt) inFlight.delete(ids.create);
    }
  });

  /** Reports the request as a new case, or finds the case a first attempt of it made. */
  async function createOrFind(
    request: NewRequest,
    ids: ReturnType<typeof requestIds>,
    source: SourceChannel,
    p: Principal,
  ): Promise<{ caseId: string; deadline: number; replayed: boolean }> {
    const earlier = await findEarlier(request, ids, source);
    if (earlier) return earlier;
    const event = reportEvent(request, ids.create, now(), source);
    try {
      await deps.ingestCases([event], p.scope, p.sources);
    } catch (err) {
      // another node stored the same request between the look-up and the commit
      if (err instanceof Refusal && (err.code === 'event_id_reused' || err.code === 'case_exists')) {
        const found = await findEarlier(request, ids, source);
        if (found) return found;
      }
      throw err;
    }
    const state = (await deps.log.loadCases([ids.create])).get(ids.create);
    return { caseId: ids.create, deadline: state?.deadline ?? 0, replayed: false };
  }

  /** The case an earlier attempt made under one of the request's ids; a different request under the client's key is refused. */
  async function findEarlier(request: NewRequest, ids: ReturnType<typeof requestIds>, source: SourceChannel) {
    const states = await deps.log.loadCases(ids.candidates);
    const caseId = ids.candidates.find((id) => states.has(id));
    if (!caseId) return null;
    if (ids.explicit) {
      const [first] = await deps.log.readCaseEvents(caseId);
      if (!first || !sameReport(first.event, request, source)) {
        throw new Open311Error(
          422,
          `Idempotency-Key: already used for a different request (service_request_id ${caseId}); use a new key for a new request`,
          'idempotency_key_reused',
        );
      }
    }
    return { caseId, deadline: states.get(caseId)!.deadline, replayed: true };
  }

  api.get('/v2/requests.:format', readers, async (req, res) => {
    const format = formatOf(req);
    const call = callOf(res);
    const query = parseRequestQuery(call.query, now());
    const scope = call.principal.scope;
    let ids: string[];
    let next: number | null = null;
    if (query.ids) ids = query.ids;
    else {
      const found = await finder.find({ ...query, scope, limit: MAX_REQUESTS });
      ids = found.ids;
      next = found.next;
    }
    const cases = await readCases(ids, scope, call.lang);
    if (next !== null && !query.ids) res.set('link', `<${nextPage(req, query.from, next)}>; rel="next"`);
    res.set('cache-control', 'no-store');
    sendAnswer(res, format, 200, 'service_requests', 'request', cases);
  });

  api.get('/v2/requests/:file', readers, async (req, res) => {
    const { name, format } = fileOf(req);
    const call = callOf(res);
    onlyCommon(call.query);
    const id = caseIdSchema.safeParse(name);
    if (!id.success) throw new Open311Error(400, `service_request_id "${name.slice(0, 70)}": ${id.error.issues[0]?.message}`, 'invalid_payload');
    const [item] = await readCases([id.data], call.principal.scope, call.lang);
    // a request outside the key's region is as unknown as one never made
    if (!item)
      throw new Open311Error(
        404,
        `service_request_id ${id.data}: not found${call.principal.scope.length > 4 ? ` within ${call.principal.scope}` : ''}`,
        'unknown_case',
      );
    res.set('cache-control', 'no-store');
    sendAnswer(res, format, 200, 'service_requests', 'request', [item]);
  });

  /** The service requests of these cases within the scope, in this order (unknown ones left out). */
  async function readCases(ids: readonly string[], scope: string, lang: Lang): Promise<Item[]> {
    const out: (Item | null)[] = new Array(ids.length).fill(null);
    let index = 0;
    const worker = async () => {
      for (let i = index++; i < ids.length; i = index++) {
        const events: StoredCaseEvent[] = await deps.log.readCaseEvents(ids[i]!);
        if (!events.length) continue;
        const { history, item } = readCase(events, now(), deps.tree, lang);
        if (history.gridCode.startsWith(scope)) out[i] = item;
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, ids.length) }, worker));
    return out.filter((x): x is Item => x !== null);
  }

  // what is not an Open311 call: 405 for a known resource with another method, else 404
  api.all('/{*rest}', (req, res) => {
    const path = req.path;
    const known: [RegExp, string][] = [
      [/^\/v2\/requests\.[^/]+$/, 'GET, POST'],
      [/^\/v2\/(services(\.[^/]+|\/[^/]+)|requests\/[^/]+)$/, 'GET'],
      [/^\/discovery\.[^/]+$/, 'GET'],
    ];
    const allow = known.find(([re]) => re.test(path))?.[1];
    if (allow) {
      res.set('allow', allow);
      throw new Open311Error(405, `${req.method} ${BASE}${path.slice(3)}: not allowed (${allow})`, 'method_not_allowed');
    }
    throw new Open311Error(
      404,
      `no ${req.method} ${req.originalUrl.split('?')[0]} in this Open311 endpoint: ${BASE}/services, services/{service_code}, requests, requests/{service_request_id}, each .xml or .json`,
      'not_found',
    );
  });
  api.use(open311ErrorHandler(deps.logger, deps.refusals));

  const router = Router();
  router.use('/open311', api);
  return router;
}

/** When this process started: the discovery's changeset (the catalogue is part of the release). */
const STARTED = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function langOf(query: Params): Lang {
  const lang = query.get('lang');
  if (!lang) return 'zh';
  if (lang.length > 1 || !(LANGS as readonly string[]).includes(lang[0]!)) throw new Open311Error(400, `lang: ${LANGS.join(' or ')}`, 'invalid_payload');
  return lang[0] as Lang;
}

/** The same query over the same window with the next page's end_date (and never a key: a Link header ends up in logs). */
function nextPage(req: Request, from: number, next: number): string {
  const params = new URLSearchParams();
  for (const [name, values] of queryParams(req)) if (!['api_key', 'start_date', 'end_date'].includes(name)) for (const v of values) params.append(name, v);
  params.set('start_date', new Date(from).toISOString());
  params.set('end_date', new Date(next).toISOString());
  return `${req.baseUrl}${req.path}?${params.toString()}`;
}

/** Whether a stored report is what this request reports (a retry under the same Idempotency-Key). */
function sameReport(stored: StoredCaseEvent['event'], request: NewRequest, source: SourceChannel): boolean {
  if (stored.type !== 'reported') return false;
  const r = request.report;
  const samePlace = r.location
    ? stored.location?.lon === r.location.lon && stored.location?.lat === r.location.lat
    : stored.location === undefined && stored.gridCode === r.gridCode;
  return (
    stored.category === r.category &&
    stored.summary === r.summary &&
    stored.source === source &&
    samePlace &&
    JSON.stringify(stored.photos ?? []) === JSON.stringify(r.photos ?? [])
  );
}
