// Writes native/registry.json from the built addon's registry, and
// src/catalogue/registry.ts from that JSON (`npm run registry`; the build does
// not, so a test can tell when the committed files are stale).
import { writeFileSync } from 'node:fs';
import { addon } from '../src/native.js';
import { registryJsonPath, registryJsonText, registryModulePath, registryModuleText } from './registryText.js';

const json = registryJsonText(addon().probes());
writeFileSync(registryJsonPath, json);
writeFileSync(registryModulePath, registryModuleText(json));
