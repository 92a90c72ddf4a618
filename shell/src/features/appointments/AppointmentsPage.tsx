import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { CalendarDays, ChevronLeft, ChevronRight, Plus } from 'lucide-react';
import { useCacheStatus } from '../../db/cache-status';
import { useStoreDb } from '../../db/context';
import { getMany } from '../../db/db';
import { useLiveQuery } from '../../lib/use-live-query';
import { dayBounds, parseDay, shiftDay, toDayString, toTimeString } from './dates';

const DAY_STORES = ['appointments', 'clients'] as const;
const STATUS_LABEL: Record<string, string> = { scheduled: 'scheduled', confirmed: 'confirmed', completed: 'completed', cancelled: 'cancelled', no_show: 'no-show' };

export function AppointmentsPage() {
  const { db } = useStoreDb();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const dayParam = params.get('day');
  const day = dayParam && parseDay(dayParam) ? dayParam : toDayString(new Date());
  const setDay = (d: string) => setParams(parseDay(d) ? { day: d } : {}, { replace: true });
  const firstPull = useCacheStatus((s) => s.firstPull);

  const rows = useLiveQuery(db, DAY_STORES, () => {
    const [from, to] = dayBounds(day);
    // One transaction: the names are the ones of the same moment as the appointments.
    return db.read(DAY_STORES, async (tx) => {
      // The index gives them in scheduledAt order.
      const appts = await tx.objectStore('appointments').index('scheduledAt').getAll(IDBKeyRange.bound(from, to, false, true));
      const clients = await getMany(tx, 'clients', [...new Set(appts.map((a) => a.clientId))]);
      const names = new Map(clients.flatMap((c) => (c ? [[c.id, c.name] as const] : [])));
      return appts.map((a) => ({ ...a, clientName: names.get(a.clientId) ?? 'Unknown client' }));
    });
  }, [day]);

  return (
    <section className="page">
      <header className="page__header">
        <h1>Appointments</h1>
        <button type="button" className="button button--primary" onClick={() => navigate(`/appointments/new?day=${day}`)}>
          <Plus aria-hidden size={16} /> New appointment
        </button>
      </header>
      <div className="day-picker">
        <button type="button" className="icon-button" onClick={() => setDay(shiftDay(day, -1))} aria-label="Previous" title="Previous day">
          <ChevronLeft aria-hidden size={18} />
        </button>
        <label className="day-picker__field">
          <CalendarDays aria-hidden size={16} />
          <span className="visually-hidden">Day</span>
          <input type="date" value={day} onChange={(e) => setDay(e.target.value)} />
        </label>
        <button type="button" className="icon-button" onClick={() => setDay(shiftDay(day, 1))} aria-label="Next" title="Next day">
          <ChevronRight aria-hidden size={18} />
        </button>
        <button type="button" className="button button--quiet" onClick={() => setDay(toDayString(new Date()))}>
          Today
        </button>
      </div>
      {rows === undefined || (rows.length === 0 && firstPull === 'loading') ? (
        <p role="status">Loading appointments…</p>
      ) : rows.length === 0 ? (
        <p className="empty">{firstPull === 'failed' ? 'No appointments on this device for this day; the server cannot be reached to check for more.' : 'No appointments on this day.'}</p>
      ) : (
        <ul className="list" aria-label={`Appointments on ${day}`}>
          {rows.map((a) => (
            <li key={a.id} className={`list__row${a.status === 'cancelled' ? ' list__row--cancelled' : ''}`}>
              <span className="list__time">{toTimeString(new Date(a.scheduledAt))}</span>
              <Link to={`/appointments/${a.id}`} className="list__main">
                {a.serviceName}
              </Link>
              <span className="list__meta">{a.clientName}</span>
              <span className="list__meta">
                {a.staffName} · {a.duration} min
              </span>
              <span className={`badge badge--${a.status}`}>{STATUS_LABEL[a.status] ?? a.status}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
