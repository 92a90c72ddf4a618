import { useDeferredValue, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Plus, Search } from 'lucide-react';
import { useCacheStatus } from '../../db/cache-status';
import { useStoreDb } from '../../db/context';
import { useLiveQuery } from '../../lib/use-live-query';
import { matchesClientSearch } from './validation';

const PAGE = 100;
const CLIENT_STORES = ['clients'] as const;

export function ClientsPage() {
  const { db } = useStoreDb();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const firstPull = useCacheStatus((s) => s.firstPull);
  const clients = useLiveQuery(db, CLIENT_STORES, () => db.getAllFromIndex('clients', 'name'), []);
  const matches = (clients ?? []).filter((c) => matchesClientSearch(c, deferred));
  // The cache answers at once; only an empty cache waits for the server's first answer.
  const waiting = clients === undefined || (clients.length === 0 && firstPull === 'loading');

  return (
    <section className="page">
      <header className="page__header">
        <h1>Clients</h1>
        <button type="button" className="button button--primary" onClick={() => navigate('/clients/new')}>
          <Plus aria-hidden size={16} /> New client
        </button>
      </header>
      <label className="search">
        <Search aria-hidden size={16} />
        <span className="visually-hidden">Search clients</span>
        <input type="search" placeholder="Search by name, email or phone" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      {waiting ? (
        <p role="status">Loading clients…</p>
      ) : clients.length === 0 && firstPull === 'failed' ? (
        <p className="empty">Could not load the clients: the server cannot be reached. They appear here as soon as it answers.</p>
      ) : matches.length === 0 ? (
        <p className="empty">{query ? `No client matches “${query}”.` : 'No clients yet. Add the first one with New client.'}</p>
      ) : (
        <>
          <p className="muted">
            {matches.length} of {clients.length} clients
          </p>
          <ul className="list" aria-label="Clients">
            {matches.slice(0, PAGE).map((c) => (
              <li key={c.id} className="list__row">
                <Link to={`/clients/${c.id}`} className="list__main">
                  {c.name}
                </Link>
                <span className="list__meta">{c.email}</span>
                <span className="list__meta">{c.phone}</span>
              </li>
            ))}
          </ul>
          {matches.length > PAGE && <p className="muted">Showing the first {PAGE}; search to narrow down.</p>}
        </>
      )}
    </section>
  );
}
