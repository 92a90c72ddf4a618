import { LIMITS, SERVICE_SUGGESTIONS, STAFF_SUGGESTIONS } from '@mango/connect-shared';
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useCacheStatus } from '../../db/cache-status';
import { useStoreDb } from '../../db/context';
import { cancelAppointment, createAppointment, updateAppointment } from '../../db/local-changes';
import type { AppointmentRow } from '../../db/types';
import { useLiveQuery } from '../../lib/use-live-query';
import { parseDay, toDayString, toTimeString } from './dates';
import { validateAppointment, type AppointmentErrors, type AppointmentFormValues } from './validation';

function Field({ id, label, error, children }: { id: string; label: string; error?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

const CLIENT_STORES = ['clients'] as const;
const APPOINTMENT_STORES = ['appointments'] as const;
const aria = (id: string, error?: string) => ({ id, 'aria-invalid': !!error, ...(error ? { 'aria-describedby': `${id}-error` } : {}) });

export function AppointmentFormPage() {
  const { id } = useParams();
  const isNew = !id || id === 'new';
  const [params] = useSearchParams();
  const { db } = useStoreDb();
  const navigate = useNavigate();
  const firstPull = useCacheStatus((s) => s.firstPull);
  const initialDay = params.get('day') && parseDay(params.get('day')!) ? params.get('day')! : toDayString(new Date());
  const [values, setValues] = useState<AppointmentFormValues>({ clientId: '', serviceName: '', staffName: '', date: initialDay, time: '10:00', duration: '45' });
  const [existing, setExisting] = useState<AppointmentRow | null>(null);
  const [errors, setErrors] = useState<AppointmentErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [loaded, setLoaded] = useState(isNew);
  const clients = useLiveQuery(db, CLIENT_STORES, () => db.getAllFromIndex('clients', 'name'), []);
  const clientOptions = useMemo(() => clients ?? [], [clients]);

  // Live: on a fresh device the appointment arrives with the first pull, and its status (cancelled
  // on another device) stays current while the form is open.
  const stored = useLiveQuery(db, APPOINTMENT_STORES, async () => (isNew ? null : ((await db.get('appointments', id)) ?? null)), [id, isNew]);
  const missing = !isNew && stored === null && firstPull !== 'loading';

  useEffect(() => {
    if (!stored) return;
    setExisting(stored);
    // The fields are filled once: later changes must not undo typing.
    if (loaded) return;
    const at = new Date(stored.scheduledAt);
    setValues({ clientId: stored.clientId, serviceName: stored.serviceName, staffName: stored.staffName, date: toDayString(at), time: toTimeString(at), duration: String(stored.duration) });
    setLoaded(true);
  }, [stored, loaded]);

  const set = (key: keyof AppointmentFormValues) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));
  const backToDay = (day: string) => navigate(`/appointments?day=${day}`);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const { errors: found, value } = validateAppointment(values);
    setErrors(found);
    if (!value) return;
    setBusy(true);
    setFormError(null);
    try {
      if (isNew) await createAppointment({ db }, value);
      else await updateAppointment({ db }, id, value);
      backToDay(values.date);
    } catch (err) {
      setFormError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const onCancelAppointment = async () => {
    if (!existing) return;
    setBusy(true);
    try {
      await cancelAppointment({ db }, existing.id);
      backToDay(values.date);
    } catch (err) {
      setFormError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  if (missing) {
    return (
      <section className="page page--narrow">
        <div className="card notice">
          <h1>Appointment not found</h1>
          <p>This appointment is not on this device. The link may be wrong.</p>
          <Link to="/appointments">Back to appointments</Link>
        </div>
      </section>
    );
  }
  if (!loaded) return <p role="status">Loading appointment…</p>;

  return (
    <section className="page page--narrow">
      <header className="page__header">
        <h1>{isNew ? 'New appointment' : 'Edit appointment'}</h1>
        {existing?.status === 'cancelled' && <span className="badge badge--cancelled">cancelled</span>}
      </header>
      <form className="card form" onSubmit={onSubmit} noValidate>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <Field id="appt-client" label="Client" error={errors.clientId}>
          <select {...aria('appt-client', errors.clientId)} value={values.clientId} onChange={set('clientId')}>
            <option value="">Choose a client…</option>
            {clientOptions.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
                {c.email ? ` — ${c.email}` : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field id="appt-service" label="Service" error={errors.serviceName}>
          <input {...aria('appt-service', errors.serviceName)} list="appt-services" value={values.serviceName} onChange={set('serviceName')} autoComplete="off" />
          <datalist id="appt-services">
            {SERVICE_SUGGESTIONS.map((s) => (
              <option key={s.name} value={s.name} />
            ))}
          </datalist>
        </Field>
        <Field id="appt-staff" label="Staff" error={errors.staffName}>
          <input {...aria('appt-staff', errors.staffName)} list="appt-staff-list" value={values.staffName} onChange={set('staffName')} autoComplete="off" />
          <datalist id="appt-staff-list">
            {STAFF_SUGGESTIONS.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </Field>
        <div className="form__row">
          <Field id="appt-date" label="Date" error={errors.date}>
            <input {...aria('appt-date', errors.date)} type="date" value={values.date} onChange={set('date')} />
          </Field>
          <Field id="appt-time" label="Time" error={errors.time}>
            <input {...aria('appt-time', errors.time)} type="time" step={300} value={values.time} onChange={set('time')} />
          </Field>
          <Field id="appt-duration" label="Duration" error={errors.duration}>
            <input {...aria('appt-duration', errors.duration)} type="number" min={LIMITS.durationMin} max={LIMITS.durationMax} step={5} inputMode="numeric" value={values.duration} onChange={set('duration')} />
          </Field>
        </div>
        <p className="muted">Duration is in minutes.</p>
        <div className="form__actions">
          <Link to={`/appointments?day=${values.date}`} className="button">
            Back to appointments
          </Link>
          {existing && existing.status !== 'cancelled' && (
            <button type="button" className="button button--danger" onClick={() => setConfirming(true)} disabled={busy}>
              Cancel appointment
            </button>
          )}
          <button type="submit" className="button button--primary" disabled={busy}>
            {isNew ? 'Book appointment' : 'Save changes'}
          </button>
        </div>
        {confirming && (
          <div className="confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text">
            <h2 id="confirm-title">Cancel this appointment?</h2>
            <p id="confirm-text">The client keeps their history; the slot becomes free.</p>
            <div className="form__actions">
              <button type="button" className="button" onClick={() => setConfirming(false)} autoFocus>
                Keep it
              </button>
              <button type="button" className="button button--danger" onClick={onCancelAppointment} disabled={busy}>
                Yes, cancel it
              </button>
            </div>
          </div>
        )}
      </form>
    </section>
  );
}
