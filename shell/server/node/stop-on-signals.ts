/**
 * Stops gracefully on SIGINT or SIGTERM (deliveries in flight finish, sync runs are handed back),
 * then exits 0; a second signal while stopping exits at once.
 */
export function stopOnSignals(stop: () => Promise<void>): void {
  const onSignal = () => {
    process.once('SIGINT', () => process.exit(1));
    process.once('SIGTERM', () => process.exit(1));
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
