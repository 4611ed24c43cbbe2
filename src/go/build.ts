// Builds the Go program shipped in go/ once per process: its sources are
// copied to a temporary directory and built there offline (see buildEnv);
// the binary is cached by the content hash of the sources and the toolchain,
// and the directory is removed when the process exits.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess, tail } from './process.js';
import { buildEnv } from './toolchain.js';

/** go/ at the package root (this file is dist/src/go/). */
export const goSourceDir = fileURLToPath(new URL('../../../go/', import.meta.url));

const BUILD_TIMEOUT_MS = 120_000;

let workDir: string | undefined;
const builds = new Map<string, Promise<{ binary: string } | { error: string }>>();

/** This process's temporary directory, removed on exit. */
function processWorkDir(): string {
  if (!workDir) {
    workDir = mkdtempSync(join(tmpdir(), 'schedcost-go-'));
    const dir = workDir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return workDir;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.go') || name.endsWith('.s') || name === 'go.mod')
    .sort();
}

/** The sources' identity: names and contents of go/*.go, go/*.s and go.mod. */
function sourceHash(dir = goSourceDir): string {
  const hash = createHash('sha256');
  for (const name of sourceFiles(dir))
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(join(dir, name)))
      .update('\0');
  return hash.digest('hex');
}

async function build(
  go: string,
  key: string,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<{ binary: string } | { error: string }> {
  const dir = join(processWorkDir(), key.slice(0, 16));
  const src = join(dir, 'src');
  mkdirSync(src, { recursive: true });
  for (const name of sourceFiles(goSourceDir)) copyFileSync(join(goSourceDir, name), join(src, name));
  const binary = join(dir, 'schedcost-go');
  // No -trimpath: with it, go1.19 rebuilds the whole standard library (half a minute) instead of using its own.
  const run = await runProcess(go, ['build', '-buildvcs=false', '-o', binary, '.'], {
    env: buildEnv(env, dir),
    cwd: src,
    timeoutMs: BUILD_TIMEOUT_MS,
    ...(signal ? { signal } : {}),
  });
  // The build cache is not needed again in this process: only the binary is.
  for (const sub of ['cache', 'gopath', 'home', 'config', 'xdg-cache'])
    rmSync(join(dir, sub), { recursive: true, force: true });
  if (run.code === 0) return { binary };
  const why = run.aborted
    ? 'interrupted'
    : run.timedOut
      ? `did not finish within ${BUILD_TIMEOUT_MS / 1000} s`
      : (run.error ?? (tail(run.stderr) || `exit ${run.code ?? run.signal}`));
  return { error: why };
}

/** The built program (built at most once per process for these sources and this toolchain). */
export function buildProgram(
  go: string,
  version: string,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<{ binary: string } | { error: string }> {
  const key = createHash('sha256').update(`${go}\0${version}\0${sourceHash()}`).digest('hex');
  let pending = builds.get(key);
  if (!pending) {
    pending = build(go, key, env, signal);
    builds.set(key, pending);
    // A failed or interrupted build is not cached: the next call tries again.
    void pending.then((result) => {
      if ('error' in result) builds.delete(key);
    });
  }
  return pending;
}
