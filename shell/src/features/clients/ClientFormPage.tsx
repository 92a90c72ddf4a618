import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useCacheStatus } from '../../db/cache-status';
import { useStoreDb } from '../../db/context';
import { createClient, updateClient } from '../../db/local-changes';
import { useLiveQuery } from '../../lib/use-live-query';
import { normaliseClient, validateClient, type ClientFormValues, type FieldErrors } from './validation';

const EMPTY: ClientFormValues = { name: '', email: '', phone: '', notes: '' };
const CLIENTS = ['clients'] as const;

function Field(props: { id: string; label: string; error?: string; children: (aria: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => React.ReactNode }) {
  const errorId = `${props.id}-error`;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children({ id: props.id, 'aria-invalid': !!props.error, ...(props.error ? { 'aria-describedby': errorId } : {}) })}
      {props.error && (
        <p className="field__error" id={errorId}>
          {props.error}
        </p>
      )}
    </div>
  );
}

export function ClientFormPage() {
  const { id } = useParams();
  const isNew = !id || id === 'new';
  const { db } = useStoreDb();
  const navigate = useNavigate();
  const firstPull = useCacheStatus((s) => s.firstPull);
  const [values, setValues] = useState<ClientFormValues>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors<ClientFormValues>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(isNew);
  const [saving, setSaving] = useState(false);
  // Live: on a fresh device the client arrives with the first pull, a moment after the page opens.
  const existing = useLiveQuery(db, CLIENTS, async () => (isNew ? null : ((await db.get('clients', id)) ?? null)), [id, isNew]);
  const missing = !isNew && existing === null && firstPull !== 'loading';

  useEffect(() => {
    // Filled once: later changes (this form's own save, another device) must not undo typing.
    if (loaded || !existing) return;
    setValues({ name: existing.name, email: existing.email, phone: existing.phone, notes: existing.notes });
    setLoaded(true);
  }, [existing, loaded]);

  const set = (key: keyof ClientFormValues) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validateClient(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    setFormError(null);
    try {
      const clean = normaliseClient(values);
      if (isNew) await createClient({ db }, clean);
      else await updateClient({ db }, id, clean);
      navigate('/clients');
    } catch (err) {
      setFormError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  if (missing) {
    return (
      <section className="page page--narrow">
        <div className="card notice">
          <h1>Client not found</h1>
          <p>This client is not on this device. It may have been removed, or the link may be wrong.</p>
          <Link to="/clients">Back to clients</Link>
        </div>
      </section>
    );
  }
  if (!loaded) return <p role="status">Loading client…</p>;

  return (
    <section className="page page--narrow">
      <header className="page__header">
        <h1>{isNew ? 'New client' : 'Edit client'}</h1>
      </header>
      <form className="card form" onSubmit={onSubmit} noValidate>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <Field id="client-name" label="Name" error={errors.name}>
          {(aria) => <input {...aria} value={values.name} onChange={set('name')} autoComplete="off" required />}
        </Field>
        <Field id="client-email" label="Email" error={errors.email}>
          {(aria) => <input {...aria} type="email" value={values.email} onChange={set('email')} autoComplete="off" />}
        </Field>
        <Field id="client-phone" label="Phone" error={errors.phone}>
          {(aria) => <input {...aria} type="tel" value={values.phone} onChange={set('phone')} autoComplete="off" />}
        </Field>
        <Field id="client-notes" label="Notes" error={errors.notes}>
          {(aria) => <textarea {...aria} rows={4} value={values.notes} onChange={set('notes')} />}
        </Field>
        <div className="form__actions">
          <Link to="/clients" className="button">
            Back to clients
          </Link>
          <button type="submit" className="button button--primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save client'}
          </button>
        </div>
      </form>
    </section>
  );
}
