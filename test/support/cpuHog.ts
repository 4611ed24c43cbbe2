import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** A shell busy loop competing for a CPU, for tests of disturbance detection. */
export interface CpuHog {
  pid: number;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// A hog must never outlive the test process: kill what is left when it exits
// (a failed assertion, an uncaught error); the loop below covers SIGKILL.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts a busy loop, pinned to `cpu` with taskset when given, and resolves
 * once it spins. The loop also ends by itself when this process is gone
 * (`kill -0` on its pid fails), so a test runner that kills a test file
 * leaves no hog behind.
 */
export async function startCpuHog(cpu?: number): Promise<CpuHog> {
  const loop = ['sh', '-c', 'while kill -0 "$0" 2>/dev/null; do :; done', String(process.pid)];
  const [command, ...args] = cpu === undefined ? loop : ['taskset', '-c', String(cpu), ...loop];
  const child = spawn(command!, args, { stdio: 'ignore' });
  running.add(child);
  await once(child, 'spawn');
  // taskset has exec'd the shell and it spins.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return {
    pid: child.pid!,
    async stop() {
      running.delete(child);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}
