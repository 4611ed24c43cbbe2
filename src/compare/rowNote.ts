// Why a compared row could not be judged or gated, or what its verdict needs
// said: a code and its numbers (report/rowNoteText.ts puts them into words),
// so that readers of `compare --format json` and tests branch on the code.
import type { DiagnosticCode } from '../catalogue/index.js';

type Note<C extends string, P> = { code: C; params: P };

export type RowNote =
  | Note<typeof DiagnosticCode.noData, { side: 'base' | 'next' | 'both' }>
  | Note<typeof DiagnosticCode.tooFewSamples, { samples: number; statistic: string; needed: number }>
  | Note<typeof DiagnosticCode.tooFewTrials, { baseTrials: number; nextTrials: number; needed: number }>
  | Note<typeof DiagnosticCode.levelsConfounded, Record<string, never>>
  | Note<typeof DiagnosticCode.noSharedRegime, { baseCalibrationNs: number; nextCalibrationNs: number }>
  | Note<typeof DiagnosticCode.ungatedHostState, { minRuns: number }>
  | Note<typeof DiagnosticCode.newRegimeInPart, Record<string, never>>
  | Note<
      typeof DiagnosticCode.correctionNotSurvived,
      { pValue: number; direction: 'rise' | 'fall'; familyRows: number; qValue: number; alpha: number }
    >;
