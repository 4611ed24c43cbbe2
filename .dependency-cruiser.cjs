// The layers of src/ and the arrows allowed between them (ARCHITECTURE.md).
// `npm run lint:deps` fails the build on a wrong arrow.
const layer = (name) => `^src/${name}(/|\\.ts$)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules form a directed graph: a cycle means two ideas were not separated.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      scope: 'folder',
      severity: 'error',
      comment:
        'Folders form a directed graph too: results importing go while go imports results is a cycle no file-level rule sees.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'the-core-document-imports-no-extension',
      severity: 'error',
      comment:
        'results/ is the core: go/ and simulate/ extend it (DocumentExtensions), documentSchema.ts composes them; the folder rule cannot see a path through a file at the top of src/.',
      from: { path: layer('results') },
      to: { path: [layer('go'), layer('simulate'), '^src/documentSchema\\.ts$'] },
    },
    {
      name: 'commands-share-through-modules-below',
      severity: 'error',
      comment: 'A command module never imports another; what two commands share lives in a module below them.',
      from: { path: '^src/cli/[A-Za-z]+Command\\.ts$' },
      to: { path: '^src/cli/[A-Za-z]+Command\\.ts$' },
    },
    {
      name: 'catalogue-is-data',
      severity: 'error',
      comment: 'The catalogue names and describes; it depends on nothing else in src/.',
      from: { path: layer('catalogue') },
      to: { path: '^src/', pathNot: layer('catalogue') },
    },
    {
      name: 'format-is-neutral',
      severity: 'error',
      comment: 'Formatting helpers serve every layer and depend on none.',
      from: { path: layer('format') },
      to: { path: '^src/', pathNot: layer('format') },
    },
    {
      name: 'stats-are-pure',
      severity: 'error',
      comment: 'Statistics are pure functions of numbers.',
      from: { path: layer('stats') },
      to: { path: '^src/', pathNot: layer('stats') },
    },
    {
      name: 'only-measuring-code-loads-the-addon',
      severity: 'error',
      comment: 'The addon loads lazily, only for code that measures; compare, report and export work without it.',
      from: {
        path: '^src/',
        pathNot: ['^src/run\\.ts$', '^src/runner/', '^src/cli/(main|doctorCommand|runCommand|modelCommand)\\.ts$'],
      },
      to: { path: '^src/native\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'model-and-results-do-not-render',
      severity: 'error',
      comment: 'Statistics, results and the model compute; reports render what they computed.',
      from: {
        path: [
          layer('model'),
          layer('results'),
          layer('compare'),
          layer('plan'),
          layer('doctor'),
          layer('host'),
          layer('go'),
        ],
      },
      to: { path: [layer('report'), layer('cli'), layer('export')] },
    },
    {
      name: 'reports-render-computed-results',
      severity: 'error',
      comment: 'A report never measures, models or compares: the command computes, then renders.',
      from: { path: layer('report') },
      to: {
        path: [
          '^src/run\\.ts$',
          layer('model'),
          layer('compare'),
          layer('doctor'),
          layer('plan'),
          layer('go'),
          layer('simulate'),
        ],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'cli-is-the-top',
      severity: 'error',
      comment: 'Nothing imports the command line.',
      from: { path: '^src/', pathNot: layer('cli') },
      to: { path: layer('cli') },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
