#!/usr/bin/env node
// Regenerates the per-rule settings (`reportLsp.rules.<code>`) in package.json from the
// server's rule registry, `report-lsp rules --format json`.
//
//   node scripts/sync-settings.mjs [--check] [--binary PATH | --rules-json FILE]
//
// The binary defaults to $REPORT_LSP_BIN, then ../../target/release/report-lsp, then
// `report-lsp` on PATH. With --check nothing is written: the exit code is 1 and the
// differences are printed when package.json is stale.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkgPath = join(here, '..', 'package.json');
const SEVERITIES = ['off', 'hint', 'info', 'warning', 'error'];
const PREFIX = 'reportLsp.rules.';

const args = process.argv.slice(2);
let check = false;
let binary;
let rulesJson;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--check') check = true;
  else if (a === '--binary') binary = args[++i];
  else if (a === '--rules-json') rulesJson = args[++i];
  else {
    console.error(`usage: sync-settings.mjs [--check] [--binary PATH | --rules-json FILE] (unknown: ${a})`);
    process.exit(2);
  }
}

function loadRules() {
  if (rulesJson) return JSON.parse(readFileSync(rulesJson, 'utf8'));
  const candidates = [binary, process.env.REPORT_LSP_BIN, resolve(here, '../../../target/release/report-lsp'), 'report-lsp'];
  const bin = candidates.find((c) => c && (c === 'report-lsp' || existsSync(c)));
  try {
    return JSON.parse(execFileSync(bin, ['rules', '--format', 'json'], { encoding: 'utf8' }));
  } catch (err) {
    console.error(`sync-settings: could not run "${bin} rules --format json": ${err.message}`);
    process.exit(2);
  }
}

const rules = loadRules();
if (!Array.isArray(rules) || rules.length === 0) {
  console.error('sync-settings: the rule registry is empty or not a JSON array');
  process.exit(2);
}

const text = readFileSync(pkgPath, 'utf8');
const pkg = JSON.parse(text);
const props = pkg.contributes.configuration.properties;

// Rebuild the properties: everything that is not a rule keeps its place; the rule
// entries go right after reportLsp.trace.server, in registry order.
const generated = {};
for (const r of rules) {
  if (!SEVERITIES.includes(r.default_severity)) {
    console.error(`sync-settings: rule ${r.code} has unknown default severity ${r.default_severity}`);
    process.exit(2);
  }
  generated[PREFIX + r.code] = {
    type: 'string',
    enum: SEVERITIES,
    enumDescriptions: ['关闭此规则', '提示（hint）', '信息（info）', '警告（warning）', '错误（error）'],
    default: r.default_severity,
    scope: 'resource',
    markdownDescription: `**${r.code}**: ${r.description}${r.example ? `（例：\`${r.example}\`）` : ''}`,
  };
}
const next = {};
let placed = false;
for (const [k, v] of Object.entries(props)) {
  if (k.startsWith(PREFIX)) continue;
  next[k] = v;
  if (k === 'reportLsp.trace.server') {
    Object.assign(next, generated);
    placed = true;
  }
}
if (!placed) Object.assign(next, generated);
pkg.contributes.configuration.properties = next;
const out = JSON.stringify(pkg, null, 2) + '\n';

if (check) {
  if (out === text) {
    console.log(`sync-settings: package.json is current (${rules.length} rules)`);
    process.exit(0);
  }
  const before = Object.keys(props).filter((k) => k.startsWith(PREFIX));
  const after = Object.keys(generated);
  console.error('sync-settings: package.json is stale; run `npm run sync-settings` in editors/vscode');
  for (const k of after) if (!before.includes(k)) console.error(`  missing setting ${k}`);
  for (const k of before) if (!after.includes(k)) console.error(`  setting for unknown rule ${k}`);
  for (const k of after)
    if (before.includes(k) && JSON.stringify(props[k]) !== JSON.stringify(generated[k]))
      console.error(`  outdated ${k}: ${JSON.stringify(props[k])} -> ${JSON.stringify(generated[k])}`);
  process.exit(1);
}
writeFileSync(pkgPath, out);
console.log(`sync-settings: wrote ${rules.length} rule settings to package.json`);
