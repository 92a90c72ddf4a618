// The benchmark's yardstick: the least a React + react-router app needs to show a login form and a
// list of 100 clients. The shell's initial JS is measured against this, built the same way.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link, Route, Routes, useNavigate } from 'react-router-dom';

const CLIENTS = Array.from({ length: 100 }, (_, i) => ({ id: String(i), name: `Client ${i}`, email: `c${i}@example.com` }));

function Login() {
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  return (
    <form onSubmit={(e) => (e.preventDefault(), navigate('/clients'))}>
      <label>
        Email <input value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <button type="submit">Sign in</button>
    </form>
  );
}

function Clients() {
  return (
    <ul aria-label="Clients">
      {CLIENTS.map((c) => (
        <li key={c.id}>
          <Link to={`/clients/${c.id}`}>{c.name}</Link> {c.email}
        </li>
      ))}
    </ul>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <Routes>
        <Route path="/login" element={<Login />} />
        <Route path="/clients" element={<Clients />} />
        <Route path="*" element={<Login />} />
      </Routes>
    </BrowserRouter>
  </StrictMode>,
);
