// What `schedcost --help` says after the commands: examples, exit codes and
// the environment it reads.
export const HELP_EPILOG = `
Examples:
  schedcost run                                   quick suite (~20 s): table, model, verdicts
  schedcost run --suite full --json full.json --html full.html
  schedcost run --probes futex-wake --param futex-wake.gapMinNs=100000 --param futex-wake.gapMaxNs=200000
  schedcost run --idle poll                       with idle polling held (/dev/cpu_dma_latency = 0)
  schedcost compare base.json new.json            gate: exit 1 when a headline metric regressed
  schedcost report a.json b.json -o report.html
  schedcost export run.json --format csv -o run.csv
  schedcost doctor                                what makes figures unreliable on this host

Exit codes:
  0    ok
  1    a probe or the run failed; compare: a metric regressed (--fail-on)
  2    usage error: bad option or config file, unreadable or malformed results file
  3    compare: nothing gated could be judged (too few trials, nothing in common, --strict-host)
  130  interrupted (Ctrl-C; a second one exits at once)

Environment:
  NO_COLOR               no colour even on a terminal
  GITHUB_ACTIONS         compare writes its Markdown to $GITHUB_STEP_SUMMARY and annotates regressions
  GITHUB_SHA             the revision recorded in results documents (else the working tree's HEAD)
  XDG_RUNTIME_DIR        where the per-CPU run locks live when /run/schedcost is not writable
  SCHEDCOST_GO           the go toolchain for \`schedcost go\` (default: go on PATH)
`;
