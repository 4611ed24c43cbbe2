import { addon, type NativeProbeInfo } from './native.js';

/** Every probe the native engine knows, with its parameters and defaults. */
export function listProbes(): NativeProbeInfo[] {
  return addon.probes();
}
