import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { WallIndex } from './app/WallIndex.tsx';
import { WallScreen } from './app/WallScreen.tsx';
import './styles/wall.css';

const params = new URLSearchParams(location.search);
const wallMatch = /^\/wall\/([a-z0-9-]{1,40})\/?$/.exec(location.pathname);
const token = params.get('token') ?? '';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {wallMatch ? (
      <WallScreen wall={wallMatch[1]!} screen={params.get('screen') ?? '1-1'} token={token} scope={params.get('scope') ?? undefined} focus={params.get('focus') ?? undefined} />
    ) : (
      <WallIndex token={token} />
    )}
  </StrictMode>,
);
