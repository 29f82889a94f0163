// The admin page when it cannot work: no key in its address (how to get one), or a key the server
// refused (invalid, revoked, expired) or one that is not an admin key — with the server's sentence.
import { am } from './adminMessages.ts';
import type { Fatal } from './adminStore.ts';

export function NoTokenNotice() {
  return (
    <div className="admin admin-notice" data-testid="admin-no-token">
      <div className="notice-box">
        <h1>{am.noTokenTitle}</h1>
        <p>{am.noTokenBody}</p>
        <pre className="notice-code">
          {location.origin}
          {am.noTokenExample}
        </pre>
        <p>{am.noTokenWhere}</p>
        <pre className="notice-code">{am.noTokenCli}</pre>
        <p>{am.noTokenEnv}</p>
      </div>
    </div>
  );
}

export function RefusedKeyNotice({ fatal }: { fatal: Fatal }) {
  return (
    <div className="admin admin-notice" data-testid="admin-refused" data-kind={fatal.kind}>
      <div className="notice-box notice-refused" role="alert">
        <h1>{fatal.kind === 'invalid' ? am.invalidTitle : am.notAdminTitle}</h1>
        <p>{fatal.kind === 'invalid' ? am.invalidBody : am.notAdminBody}</p>
        {fatal.kind === 'invalid' ? <pre className="notice-code">{am.noTokenCli}</pre> : null}
        <p className="notice-server" data-testid="refused-message">
          {am.serverSaid(fatal.message)}
        </p>
      </div>
    </div>
  );
}
