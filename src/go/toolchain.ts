// Finding a Go toolchain, and the environment every go command runs in:
// nothing fetched (GOPROXY=off, GOTOOLCHAIN=local), nothing read from the
// user's Go configuration (GOENV=off, GOFLAGS empty, no workspace), and
// nothing written outside the temporary directory it is given (GOCACHE,
// GOPATH, and HOME/XDG_CONFIG_HOME for anything that writes under them).
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { runProcess, tail } from './process.js';
import { DiagnosticCode } from '../catalogue/index.js';
import type { GoSkipReason } from './goResultsSchema.js';

/** The environment variable naming a go binary to use instead of PATH's. */
const GO_ENV_VAR = 'SCHEDCOST_GO';

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The go command: SCHEDCOST_GO when set, else the first `go` on PATH. */
export function findGo(env: NodeJS.ProcessEnv): { go: string } | { missing: GoSkipReason } {
  const explicit = env[GO_ENV_VAR];
  if (explicit) {
    const path = isAbsolute(explicit) ? explicit : resolve(explicit);
    return isExecutableFile(path)
      ? { go: path }
      : { missing: { code: DiagnosticCode.goNotFound, params: { envVar: GO_ENV_VAR, path: explicit } } };
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'go');
    if (isExecutableFile(candidate)) return { go: candidate };
  }
  return { missing: { code: DiagnosticCode.goNotFound, params: { envVar: GO_ENV_VAR } } };
}

/** Variables that would change what gets built or how the program runs. */
const DROPPED = ['GOOS', 'GOARCH', 'GOFLAGS', 'GOEXPERIMENT', 'GODEBUG', 'GOGC', 'GOMEMLIMIT', 'GOMAXPROCS'];

/** The environment of the go command: offline, isolated, writing only under `tmp`. */
export function buildEnv(base: NodeJS.ProcessEnv, tmp: string): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const name of DROPPED) delete env[name];
  const gopath = join(tmp, 'gopath');
  return {
    ...env,
    GOCACHE: join(tmp, 'cache'),
    GOPATH: gopath,
    GOMODCACHE: join(gopath, 'pkg', 'mod'),
    GOPROXY: 'off',
    GOSUMDB: 'off',
    GOFLAGS: '',
    GOTOOLCHAIN: 'local',
    GOWORK: 'off',
    GO111MODULE: 'on',
    GOENV: 'off',
    CGO_ENABLED: '0',
    HOME: join(tmp, 'home'),
    XDG_CONFIG_HOME: join(tmp, 'config'),
    XDG_CACHE_HOME: join(tmp, 'xdg-cache'),
  };
}

/** The environment of the built program: the caller's, without what tunes the runtime. */
export function programEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const name of DROPPED) delete env[name];
  return env;
}

/** `go env GOVERSION` (e.g. go1.19.8), or why it could not be read. */
export async function goVersion(
  go: string,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<{ version: string } | { error: GoSkipReason }> {
  const run = await runProcess(go, ['env', 'GOVERSION'], { env, timeoutMs: 30_000, ...(signal ? { signal } : {}) });
  const version = run.stdout.trim();
  if (run.code === 0 && /^go\d/.test(version)) return { version };
  const why = run.error ?? (run.timedOut ? 'timed out' : tail(run.stderr) || `exit ${run.code ?? run.signal}`);
  return { error: { code: DiagnosticCode.goVersionFailed, params: { go, error: why } } };
}
