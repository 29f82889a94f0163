import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { WallScreen } from './app/WallScreen.tsx';
import './styles/wall.css';

const params = new URLSearchParams(location.search);
const wallMatch = /^\/wall\/([a-z0-9-]{1,40})\/?$/.exec(location.pathname);

function WallIndex() {
  return (
    <div className="wall-index">
      <h1>Gridwall</h1>
      <p>
        <a href={`/wall/demo?screen=1-1${params.get('token') ? `&token=${params.get('token')}` : ''}`}>/wall/demo?screen=1-1</a>
      </p>
      <p>Open a wall screen with its token: /wall/&lt;wall&gt;?screen=&lt;row&gt;-&lt;col&gt;&amp;token=&lt;screen token&gt;</p>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {wallMatch ? (
      <WallScreen wall={wallMatch[1]!} screen={params.get('screen') ?? '1-1'} token={params.get('token') ?? ''} scope={params.get('scope') ?? undefined} focus={params.get('focus') ?? params.get('scope') ?? undefined} />
    ) : (
      <WallIndex />
    )}
  </StrictMode>,
);
