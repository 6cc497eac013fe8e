/** Exit codes shared by every `loadline` command. */
export const ExitCode = {
  /** Everything passed. */
  pass: 0,
  /** Everything passed, but an output file could not be written at the end (its content was kept elsewhere, and the path printed). */
  outputFailed: 1,
  /** Bad input or usage: nothing was run. */
  usage: 2,
  /** A threshold, SLO, budget or regression gate failed; also a run stopped early by an `abortOnFail` threshold (as in k6). */
  failed: 99,
  /** Interrupted by SIGINT after writing the partial result. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
