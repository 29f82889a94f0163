import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { WallIndex } from './app/WallIndex.tsx';
import { WallScreen } from './app/WallScreen.tsx';
import './styles/wall.css';

// the presenter console is its own chunk: a wall screen never loads it
const PresenterConsole = lazy(() => import('./console/PresenterConsole.tsx').then((m) => ({ default: m.PresenterConsole })));
// so is the administrator's page
const AdminPage = lazy(() => import('./admin/AdminPage.tsx').then((m) => ({ default: m.AdminPage })));

const params = new URLSearchParams(location.search);
const wallMatch = /^\/wall\/([a-z0-9-]{1,40})\/?$/.exec(location.pathname);
const consoleMatch = /^\/console\/([a-z0-9-]{1,40})\/?$/.exec(location.pathname);
const adminMatch = /^\/admin\/?$/.test(location.pathname);
const token = params.get('token') ?? '';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {wallMatch ? (
      <WallScreen
        wall={wallMatch[1]!}
        screen={params.get('screen') ?? '1-1'}
        token={token}
        scope={params.get('scope') ?? undefined}
        focus={params.get('focus') ?? undefined}
      />
    ) : consoleMatch ? (
      <Suspense fallback={null}>
        <PresenterConsole wall={consoleMatch[1]!} token={token} name={params.get('name') ?? undefined} />
      </Suspense>
    ) : adminMatch ? (
      <Suspense fallback={null}>
        <AdminPage token={token} />
      </Suspense>
    ) : (
      <WallIndex token={token} />
    )}
  </StrictMode>,
);
