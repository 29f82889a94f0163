// The administrator's page (/admin?token=<admin key>): the server's access keys (make, rotate,
// revoke; a new token shown once with the URLs it opens) and the audit log, for a desktop in the
// command hall, through the admin API only. Without a key it says how to get one; a refused key
// replaces the page with the reason.
import { useEffect } from 'react';
import { am, locale, type AdminTab } from './adminMessages.ts';
import { loadWalls, refreshKeys, useAdminStore } from './adminStore.ts';
import { AuditLog } from './AuditLog.tsx';
import { CalendarPanel } from './CalendarPanel.tsx';
import { DepartmentsPanel } from './DepartmentsPanel.tsx';
import { NoTokenNotice, RefusedKeyNotice } from './FullPageNotice.tsx';
import { KeysTable } from './KeysTable.tsx';
import { TokenDialog } from './TokenDialog.tsx';
import '../styles/admin.css';

const TABS: AdminTab[] = ['keys', 'audit', 'calendar', 'departments'];

/** This page's address in the other language (the token kept). */
function otherLanguageHref(): string {
  const params = new URLSearchParams(location.search);
  if (locale === 'en') params.delete('lang');
  else params.set('lang', 'en');
  return `${location.pathname}?${params}`;
}

export function AdminPage({ token }: { token: string }) {
  const fatal = useAdminStore((s) => s.fatal);
  const tab = useAdminStore((s) => s.tab);
  const setTab = useAdminStore((s) => s.setTab);
  const banner = useAdminStore((s) => s.banner);
  const setBanner = useAdminStore((s) => s.setBanner);
  const reveal = useAdminStore((s) => s.reveal);
  // the sections read the key from the store: they start once it holds this one
  const ready = useAdminStore((s) => s.token) === token;

  useEffect(() => {
    document.title = am.pageTitle;
    document.documentElement.lang = locale;
  }, []);
  useEffect(() => {
    if (!token) return;
    useAdminStore.setState({ token });
    void refreshKeys();
    void loadWalls();
  }, [token]);

  if (!token) return <NoTokenNotice />;
  if (fatal) return <RefusedKeyNotice fatal={fatal} />;
  return (
    <div className="admin" data-testid="admin" data-tab={tab}>
      <header className="admin-header">
        <div className="header-titles">
          <span className="header-app">{am.appName}</span>
          <h1 className="header-heading">{am.heading}</h1>
        </div>
        <div className="admin-tabs" role="tablist">
          {TABS.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              className={`admin-tab${tab === id ? ' is-on' : ''}`}
              aria-selected={tab === id}
              data-tab={id}
              onClick={() => setTab(id)}
            >
              {am.tabs[id]}
            </button>
          ))}
        </div>
        <a className="lang-link" href={otherLanguageHref()} data-verbatim>
          {am.otherLanguage}
        </a>
      </header>
      {banner ? (
        <div className="admin-banner" role="alert" data-testid="admin-banner">
          <span>{banner}</span>
          <button type="button" className="btn-small" onClick={() => setBanner(null)}>
            {am.dismiss}
          </button>
        </div>
      ) : null}
      <main className="admin-main">
        {!ready ? null : tab === 'keys' ? <KeysTable /> : tab === 'audit' ? <AuditLog /> : tab === 'calendar' ? <CalendarPanel /> : <DepartmentsPanel />}
      </main>
      {reveal ? <TokenDialog reveal={reveal} /> : null}
    </div>
  );
}
