// Errors a user can act on, each mapped to a documented exit code.

/** Bad options or input: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  interrupted: 130,
} as const;
