// The words for a compared row's notes (compare/rowNote.ts): why it could not
// be judged or gated, or what its verdict needs said. Exhaustive over the
// codes, so a new note without words fails to compile.
import type { RowNote } from '../compare/rowNote.js';
import { formatNs } from '../format/units.js';

function rowNoteText(note: RowNote): string {
  switch (note.code) {
    case 'no-data': {
      const where = {
        both: 'on either side: the metric measured nothing',
        base: 'in the baseline',
        next: 'in the new results',
      };
      return note.params.side === 'both' ? `no data ${where.both}` : `no trials with data ${where[note.params.side]}`;
    }
    case 'too-few-samples': {
      const p = note.params;
      return `trials keep ${p.samples} samples; a trial's ${p.statistic} needs at least ${p.needed} to be gated on`;
    }
    case 'too-few-trials': {
      const p = note.params;
      return `${p.baseTrials} vs ${p.nextTrials} trials with data; need at least ${p.needed} trials on each side`;
    }
    case 'levels-confounded':
      return 'the wake levels measured with the trials cannot be told from a change';
    case 'no-shared-regime': {
      const p = note.params;
      return `the runs share no cross-CPU wake regime (calibration ${formatNs(p.baseCalibrationNs)} vs ${formatNs(p.nextCalibrationNs)}): a switch of the host's regime cannot be told from a change; baselines that cover both regimes (--against DIR) can`;
    }
    case 'ungated-host-state':
      return `moves with host state between runs by more than within one; gated against at least ${note.params.minRuns} baseline runs (--against DIR)`;
    case 'new-regime-in-part':
      return "most new trials moved beyond the threshold (their median, against the baseline's spread); the mean's interval is wider: a new regime in part of the trials";
    case 'correction-not-survived': {
      const p = note.params;
      return `beyond the threshold, but p = ${p.pValue.toPrecision(2)} (a ${p.direction}) does not survive the correction within its probe's ${p.familyRows} rows (q = ${p.qValue.toPrecision(2)} > ${p.alpha})`;
    }
  }
}

/** A row's notes in one line; '' when it has none. */
export function rowNotesText(notes: RowNote[]): string {
  return notes.map(rowNoteText).join('; ');
}
