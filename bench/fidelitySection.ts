// The fidelity section as `npm run bench` and fidelityMain.ts print it.
import { fidelity, renderFidelity, type FidelityReport } from './fidelity.js';

export async function printFidelity(rounds: number, scale: number): Promise<FidelityReport> {
  process.stdout.write(
    `# Fidelity against independent references (${rounds} interleaved rounds, medians over rounds)` +
      `${scale === 1 ? '' : ` — loop counts scaled by ${scale}`}\n`,
  );
  const report = await fidelity({
    rounds,
    scale,
    onRound: (round, total) => process.stderr.write(`  fidelity round ${round + 1}/${total}…\n`),
  });
  process.stdout.write(`${renderFidelity(report)}\n`);
  return report;
}
