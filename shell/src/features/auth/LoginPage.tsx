import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Citrus, LogIn } from 'lucide-react';
import { ApiRequestError } from '../../lib/http';
import { useSessionStore } from './session-store';

function loginErrorMessage(err: unknown): string {
  if (err instanceof ApiRequestError) {
    if (err.status === 401) return err.message || 'Invalid email or password.';
    if (err.kind === 'network') return 'Could not reach Mango Biz. Check your connection and try again.';
    return err.message;
  }
  return 'Something went wrong while signing in. Try again.';
}

export function LoginPage() {
  const status = useSessionStore((s) => s.status);
  const login = useSessionStore((s) => s.login);
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/clients';

  if (status === 'authenticated') return <Navigate to={from} replace />;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!email.trim() || !password) {
      setError('Enter your email and password.');
      return;
    }
    setBusy(true);
    try {
      await login(email.trim(), password);
      navigate(from, { replace: true });
    } catch (err) {
      setError(loginErrorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="card login__card" onSubmit={onSubmit} noValidate aria-labelledby="login-title">
        <Citrus className="login__brand" aria-hidden size={36} />
        <h1 id="login-title">Sign in to Mango Biz</h1>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <label className="field">
          <span>Email</span>
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label className="field">
          <span>Password</span>
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button type="submit" className="button button--primary" disabled={busy}>
          <LogIn aria-hidden size={16} /> Sign in
        </button>
      </form>
    </main>
  );
}
