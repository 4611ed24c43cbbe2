// Metric specifications: name, unit, direction and role, with a sentence
// saying what one sample is.
import type { MetricRole, MetricSpec } from './types.js';

export function latency(name: string, role: MetricRole, description: string): MetricSpec {
  return { name, description, unit: 'ns', better: 'lower', role };
}
