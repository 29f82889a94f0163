// The area a new key may see: the whole city, or a district or street found by name or code. The
// districts are read at once, every district's streets on the first search (cached for the page).
import { useEffect, useState } from 'react';
import { CITY_CODE } from '../../shared/regions.ts';
import { am } from './adminMessages.ts';
import { failureText, useAdminStore } from './adminStore.ts';
import { loadAllStreets, loadDistricts, scopeName, searchScopes, useRegionCache } from './regionNames.ts';

export function ScopePicker({ value, onChange }: { value: string; onChange(code: string): void }) {
  const token = useAdminStore((s) => s.token);
  const cache = useRegionCache();
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadDistricts(token).catch((err: unknown) => setError(failureText(err)));
  }, [token]);
  const search = (text: string) => {
    setQuery(text);
    if (text.trim() && !cache.allStreets) loadAllStreets(token).catch((err: unknown) => setError(failureText(err)));
  };
  const options = searchScopes(query, cache);
  const chosen = scopeName(value, cache) ?? value;
  return (
    <div className="scope-picker" data-testid="scope-picker">
      <div className="scope-chosen">
        <span>
          {am.scopeChosen}
          <b data-testid="scope-chosen" data-code={value}>
            {value === CITY_CODE ? am.scopeCity : `${chosen}（${value}）`}
          </b>
        </span>
        {value !== CITY_CODE ? (
          <button type="button" className="btn-small" onClick={() => onChange(CITY_CODE)}>
            {am.scopeBackToCity}
          </button>
        ) : null}
      </div>
      <input
        type="search"
        className="text-input"
        data-testid="scope-search"
        placeholder={am.scopeSearch}
        value={query}
        onChange={(e) => search(e.target.value)}
      />
      {error ? <p className="field-error">{error}</p> : null}
      <ul className="scope-options" data-testid="scope-options">
        {options.map((o) => (
          <li key={o.code}>
            <button
              type="button"
              className={`scope-option level-${o.level}${o.code === value ? ' is-on' : ''}`}
              data-code={o.code}
              onClick={() => onChange(o.code)}
            >
              <span className="scope-name">{o.fullName}</span>
              <span className="scope-code">{o.code}</span>
            </button>
          </li>
        ))}
        {query.trim() && !options.length ? <li className="card-empty">{cache.allStreets ? am.scopeNoMatch : am.scopeLoading}</li> : null}
      </ul>
      {query.trim() && !cache.allStreets && options.length ? <p className="field-note">{am.scopeLoading}</p> : null}
    </div>
  );
}
