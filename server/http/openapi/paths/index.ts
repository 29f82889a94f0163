// Every capability's operations, in the order the document lists them. A new route set adds its
// own file beside these (one PathGroup) and one line here; tests/integration/openapi.test.ts fails
// while a route the server mounts is missing from the document, or the document names one it lacks.
import type { PathGroup } from '../common.ts';
import { adminPaths } from './admin.ts';
import { calendarPaths } from './calendar.ts';
import { casePaths } from './cases.ts';
import { departmentPaths } from './departments.ts';
import { devicePaths } from './device.ts';
import { docsPaths } from './docs.ts';
import { ingestPaths } from './ingest.ts';
import { open311Paths } from './open311.ts';
import { pagePaths } from './pages.ts';
import { regionPaths } from './regions.ts';
import { rehearsalPaths } from './rehearsals.ts';
import { scopePaths } from './scopes.ts';
import { servicePaths } from './service.ts';
import { wallPaths } from './walls.ts';
import { workerPaths } from './workers.ts';

export const PATH_GROUPS: readonly PathGroup[] = [
  ingestPaths,
  devicePaths,
  regionPaths,
  scopePaths,
  casePaths,
  calendarPaths,
  departmentPaths,
  workerPaths,
  wallPaths,
  rehearsalPaths,
  adminPaths,
  open311Paths,
  servicePaths,
  pagePaths,
  docsPaths,
];
