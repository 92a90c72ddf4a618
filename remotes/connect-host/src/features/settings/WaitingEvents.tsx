import { useEffect, useState } from 'react';
import type { WaitingResponse } from '@mango/connect-shared';
import { useConnectServices, useShell } from '../../lib/shell-contract.js';
import { useAsyncAction } from '../../lib/useAsyncAction.js';
import { bodyExcerpt } from './delivery-log.js';
import { canRetry, destinationSentence, nextAttemptLabel, retriedNotice, retryLabel, waitingSummary } from './waiting-events.js';

type WaitingState = { status: 'loading' } | { status: 'ready'; answer: WaitingResponse } | { status: 'error'; message: string };

/**
 * What waits to reach Connect and whether Connect answers (the destination's circuit), with
 * "Retry now" per event and for all. Renders nothing on a shell without `listWaiting` (contract
 * before 1.3), so this remote still runs there.
 */
export function WaitingEvents() {
  const services = useConnectServices();
  const { deliveriesVersion } = useShell();
  const [reload, setReload] = useState(0);
  const [state, setState] = useState<WaitingState>({ status: 'loading' });
  const [notice, setNotice] = useState<string | null>(null);
  const supported = typeof services.listWaiting === 'function';

  useEffect(() => {
    if (!services.listWaiting) return;
    let live = true;
    services.listWaiting().then(
      (answer) => live && setState({ status: 'ready', answer }),
      (err: unknown) => live && setState({ status: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [services, deliveriesVersion, reload]);

  const retry = useAsyncAction(async (eventId?: string) => {
    if (!services.retryNow) return;
    setNotice(null);
    try {
      setNotice(retriedNotice(eventId, await services.retryNow(eventId)));
    } finally {
      // Also after a refusal: an event that is not waiting any more should leave the table.
      setReload((n) => n + 1);
    }
  });

  if (!supported) return null;
  const now = new Date();
  const answer = state.status === 'ready' ? state.answer : null;
  const retryable = services.retryNow !== undefined && answer !== null && canRetry(answer.destination);

  return (
    <section aria-labelledby="ch-waiting-heading">
      <h3 id="ch-waiting-heading">Waiting to be sent</h3>
      {state.status === 'loading' && <p role="status">Loading what waits to be sent…</p>}
      {state.status === 'error' && (
        <p role="alert" className="ch-error">
          {state.message}
        </p>
      )}
      {answer && (
        <>
          <p aria-live="polite">{destinationSentence(answer.destination, now)}</p>
          <div className="ch-row">
            <p className="ch-muted">{waitingSummary(answer.total, answer.waiting.length)}</p>
            {retryable && answer.total > 0 && (
              <button type="button" className="ch-button" disabled={retry.pending} onClick={() => void retry.run()}>
                Retry all now
              </button>
            )}
          </div>
        </>
      )}
      {notice && <p role="status">{notice}</p>}
      {retry.error && (
        <p role="alert" className="ch-error">
          {retry.error}
        </p>
      )}
      {answer && answer.waiting.length > 0 && (
        <div className="ch-table-wrap">
          <table className="ch-table">
            <caption className="ch-sr-only">Events waiting to be sent to Connect, soonest next attempt first</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Entity</th>
                <th scope="col">Attempts</th>
                <th scope="col">Next attempt</th>
                <th scope="col">Last error</th>
                {retryable && (
                  <th scope="col">
                    <span className="ch-sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {answer.waiting.map((e) => (
                <tr key={e.eventId}>
                  <td>{e.event}</td>
                  <td>{e.entityId}</td>
                  <td>{e.attempts}</td>
                  <td>
                    <time dateTime={e.nextAttemptAt}>{nextAttemptLabel(e.nextAttemptAt, now)}</time>
                  </td>
                  <td>
                    <div className="ch-excerpt" title={e.lastError ?? undefined}>
                      {e.lastError ? bodyExcerpt(e.lastError) : '—'}
                    </div>
                  </td>
                  {retryable && (
                    <td>
                      <button type="button" className="ch-button" aria-label={retryLabel(e)} disabled={retry.pending} onClick={() => void retry.run(e.eventId)}>
                        Retry now
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
