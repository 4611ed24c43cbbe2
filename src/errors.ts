// Errors a user can act on, each mapped to a documented exit code.

/** Bad options or input: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const ExitCode = {
  ok: 0,
  /** A probe or the run failed; compare: a gated metric regressed. */
  failed: 1,
  usage: 2,
  /** compare: nothing gated could be judged (too few trials, nothing in common, --strict-host). */
  notComparable: 3,
  interrupted: 130,
} as const;
