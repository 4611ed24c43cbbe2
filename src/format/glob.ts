// Metric-id patterns as users write them: '*' matches any run of characters,
// everything else matches itself.
export function globMatcher(pattern: string): (id: string) => boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`^${escaped.join('.*')}$`);
  return (id) => re.test(id);
}
