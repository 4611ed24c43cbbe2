// Durations in the unit that keeps three significant figures readable.

export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return '—';
  const abs = Math.abs(ns);
  const [value, unit] =
    abs >= 1e9 ? [ns / 1e9, 's'] : abs >= 1e6 ? [ns / 1e6, 'ms'] : abs >= 1e3 ? [ns / 1e3, 'µs'] : [ns, 'ns'];
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

/** A parameter as the tables print it; its unit is in its name (…Bytes, …Ns). */
export function formatParam(key: string, value: number): string {
  if (key.endsWith('Bytes')) return `${key.replace(/Bytes$/, '')} ${formatBytes(value)}`;
  if (key.endsWith('Ns')) return `${key.replace(/Ns$/, '')} ${formatNs(value)}`;
  return `${key} ${value}`;
}

/** A value in a parameter's unit. */
export function formatParamValue(unit: string, value: number): string {
  return unit === 'ns' ? formatNs(value) : unit === 'bytes' ? formatBytes(value) : String(value);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GiB`;
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}
