import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useStoreDb } from '../../db/context';
import { createClient, updateClient } from '../connect/outbox/outbox';
import { normaliseClient, validateClient, type ClientFormValues, type FieldErrors } from './validation';

const EMPTY: ClientFormValues = { name: '', email: '', phone: '', notes: '' };

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
  const { db, storeId } = useStoreDb();
  const navigate = useNavigate();
  const [values, setValues] = useState<ClientFormValues>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors<ClientFormValues>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(isNew);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (isNew) return;
    let live = true;
    void db.get('clients', id).then((c) => {
      if (!live) return;
      if (c) setValues({ name: c.name, email: c.email, phone: c.phone, notes: c.notes });
      else setFormError('This client no longer exists.');
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [db, id, isNew]);

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
      if (isNew) await createClient({ db, storeId }, clean);
      else await updateClient({ db, storeId }, id, clean);
      navigate('/clients');
    } catch (err) {
      setFormError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

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
