import { useEffect, useId, useState } from 'react';
import type { WebhookDelivery } from '@mango/connect-shared';
import { useConnectServices, useShell } from '../../lib/shell-contract.js';
import { useAsyncAction } from '../../lib/useAsyncAction.js';
import { formatWhen } from './sync-format.js';
import { WaitingEvents } from './WaitingEvents.js';
import {
  bodyExcerpt,
  DELIVERY_STATUS_OPTIONS,
  newestFirst,
  STATUS_LABELS,
  toDeliveryFilter,
  WEBHOOK_EVENT_OPTIONS,
} from './delivery-log.js';

type LogState = { status: 'loading' } | { status: 'ready'; deliveries: WebhookDelivery[] } | { status: 'error'; message: string };

/**
 * The webhook deliveries: what waits to be sent (on a shell that offers it) and the attempts made,
 * filterable, with "Redeliver" on dead letters.
 */
export function DeliveryLog() {
  const services = useConnectServices();
  const { deliveriesVersion } = useShell();
  const [status, setStatus] = useState('');
  const [event, setEvent] = useState('');
  const [reload, setReload] = useState(0);
  const [log, setLog] = useState<LogState>({ status: 'loading' });
  const [notice, setNotice] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    let live = true;
    services.listDeliveries(toDeliveryFilter(status, event)).then(
      (deliveries) => live && setLog({ status: 'ready', deliveries: newestFirst(deliveries) }),
      (err: unknown) => live && setLog({ status: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [services, status, event, deliveriesVersion, reload]);

  const redeliver = useAsyncAction(async (eventId: string) => {
    setNotice(null);
    await services.redeliver(eventId);
    setNotice(`Event ${eventId} was queued for redelivery.`);
    setReload((n) => n + 1);
  });

  const filtered = status !== '' || event !== '';
  const waitingShown = typeof services.listWaiting === 'function';

  return (
    <section className="ch-card" aria-labelledby="ch-deliveries-heading">
      <h2 id="ch-deliveries-heading">Webhook deliveries</h2>
      <WaitingEvents />
      {waitingShown && <h3>Attempts</h3>}
      <div className="ch-row">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">All statuses</option>
          {DELIVERY_STATUS_OPTIONS.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-event`}>Event</label>
        <select id={`${id}-event`} value={event} onChange={(e) => setEvent(e.target.value)}>
          <option value="">All events</option>
          {WEBHOOK_EVENT_OPTIONS.map((ev) => (
            <option key={ev} value={ev}>
              {ev}
            </option>
          ))}
        </select>
      </div>
      {notice && <p role="status">{notice}</p>}
      {redeliver.error && <p role="alert" className="ch-error">{redeliver.error}</p>}
      {log.status === 'loading' && <p role="status">Loading deliveries…</p>}
      {log.status === 'error' && (
        <p role="alert" className="ch-error">
          {log.message}
        </p>
      )}
      {log.status === 'ready' && log.deliveries.length === 0 && (
        <p className="ch-muted">{filtered ? 'No deliveries match these filters.' : 'No webhook deliveries yet.'}</p>
      )}
      {log.status === 'ready' && log.deliveries.length > 0 && (
        <div className="ch-table-wrap">
          <table className="ch-table">
            <caption className="ch-sr-only">Webhook deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Sent</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Response</th>
                <th scope="col">Attempt</th>
                <th scope="col">Body</th>
                <th scope="col">
                  <span className="ch-sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {log.deliveries.map((d) => (
                <tr key={d.id}>
                  <td>{formatWhen(d.sentAt)}</td>
                  <td>
                    {d.event}
                    <div className="ch-muted">{d.entityId}</div>
                  </td>
                  <td>
                    <span className="ch-badge" data-status={d.status}>
                      {STATUS_LABELS[d.status]}
                    </span>
                  </td>
                  <td>{d.responseCode ?? '—'}</td>
                  <td>{d.attempt}</td>
                  <td>
                    <div className="ch-excerpt" title={d.responseBody}>
                      {bodyExcerpt(d.error && !d.responseBody ? d.error : d.responseBody)}
                    </div>
                  </td>
                  <td>
                    {d.status === 'dead' && (
                      <button type="button" className="ch-button" disabled={redeliver.pending} onClick={() => void redeliver.run(d.eventId)}>
                        Redeliver
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
