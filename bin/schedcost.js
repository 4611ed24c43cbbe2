#!/usr/bin/env node
// The command's entry point. It is committed with its executable bit because
// tsc writes dist/ without file modes: a bin inside dist/ lost the bit on
// every rebuild and `npx schedcost` failed with "Permission denied".
import '../dist/src/cli/main.js';
