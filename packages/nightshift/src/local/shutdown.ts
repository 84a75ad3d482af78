/**
 * Stops `stop()` once on Ctrl-C, SIGTERM or SIGHUP, then exits. A second Ctrl-C while stopping
 * exits at once (everything the environment started is a child of this process or in its own
 * process group, so the next start cleans up what is left, and queued messages were saved).
 */
export function stopOnSignals(stop: () => Promise<void>, print: (line: string) => void): () => void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      print(`dev   │ ${signal} again: exiting now`);
      process.exit(130);
    }
    stopping = true;
    print(`dev   │ stopping (${signal}); Ctrl-C again to force`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        print(`dev   │ stopped with an error: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
