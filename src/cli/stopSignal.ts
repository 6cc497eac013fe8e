/**
 * Resolves with the first SIGINT or SIGTERM the process receives, then stops listening, so a
 * command that serves until stopped (`loadline forum`, `loadline demo --serve`) closes what it
 * started and exits on its own instead of Node's default kill.
 */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
