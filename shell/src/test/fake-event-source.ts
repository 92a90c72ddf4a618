import type { EventSourceLike } from '../replication/server-events';

/** A stand-in for the browser's EventSource: the test says what the server sends. */
export class FakeEventSource implements EventSourceLike {
  static readonly opened: FakeEventSource[] = [];
  readyState = 1;
  private readonly listeners = new Map<string, ((e: MessageEvent) => void)[]>();

  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }

  addEventListener(type: string, listener: (e: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.readyState = 2;
  }

  /** The server sends `event: type` with `data`. */
  emit(type: string, data: unknown = {}): void {
    for (const l of this.listeners.get(type) ?? []) l(new MessageEvent(type, { data: JSON.stringify(data) }));
  }

  /** The connection fails for good (an HTTP error): the browser closes it and says so. */
  fail(): void {
    this.readyState = 2;
    for (const l of this.listeners.get('error') ?? []) l(new MessageEvent('error'));
  }

  static latest(): FakeEventSource {
    const es = FakeEventSource.opened[FakeEventSource.opened.length - 1];
    if (!es) throw new Error('no event stream was opened');
    return es;
  }
}
