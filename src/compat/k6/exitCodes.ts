// In a module of its own so that `loadline run` can name the codes without loading the k6 layer.
/** Exit codes k6 gives that loadline keeps for k6 scripts. */
export const K6_EXIT = {
  /** An exception in the init context, setup or teardown. */
  scriptError: 107,
  /** `exec.test.abort()`. */
  aborted: 108,
} as const;
