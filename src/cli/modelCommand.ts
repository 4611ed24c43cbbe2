// `schedcost model`: the compositions, the calibrated primitive values and
// the predictions against measurements — from a results file, or from a
// fresh quick run.
import { readDocument } from './readDocument.js';
import { modelOf } from '../model/index.js';
import { modelText, primitivesText } from '../report/modelText.js';
import type { ResultsDocument } from '../results/schema.js';
import { run } from '../run.js';
import { ExitCode } from '../errors.js';

export async function modelCommand(options: { from?: string; trials?: number }): Promise<void> {
  let doc: ResultsDocument;
  if (options.from) doc = readDocument(options.from);
  else {
    process.stderr.write('schedcost model: measuring the quick suite (primitives and strategies)...\n');
    doc = await run({ suite: 'quick', trials: options.trials ?? 3 });
  }
  const model = modelOf(doc);
  if (!model) {
    process.stderr.write('schedcost model: the results hold no strategy measurements to model\n');
    process.exitCode = ExitCode.failed;
    return;
  }
  doc.model = model;
  process.stdout.write(
    `Calibrated primitives:\n${primitivesText(doc)}\n\nStrategies, model vs measurement:\n${modelText(doc, model)}\n`,
  );
}
