// The run's limits and defaults, apart from the run itself: the command line
// declares its options with them without loading the measuring code.
import type { Suite } from './catalogue/index.js';

export const MAX_TRIALS = 100;
export const MAX_RAW_SAMPLES = 100_000;
export const DEFAULT_TRIALS: Record<Suite, number> = { quick: 5, full: 10 };
export const DEFAULT_WAIT_LOCK_SECONDS = 300;
export const MAX_WAIT_LOCK_SECONDS = 86_400;
