#!/usr/bin/env node
// Writes a platform-specific package, report-lsp-<platform>.vsix, with the server inside
// (`server/report-lsp`), so that installing the extension is all a user has to do.
//
//   node scripts/package-bundled.mjs [--target RUST_TARGET] [--binary PATH] [--out FILE]
//                                    [--notice FILE]...
//
// --target: the Rust target triple the binary is for (default: this machine's, from
//   `rustc -vV`); it picks the VS Code platform (`vsce package --target`).
// --binary: package this binary; without it `cargo build --release` builds one (with
//   `--target` when the target is not this machine's).
// --out: the .vsix to write (default: report-lsp-<platform>.vsix here).
// --notice: a further licence file to ship in server/ (scripts/release.py passes the
//   third-party notices).
// --print-platform: only print the VS Code platform of the target.
//
// The staged files (server/, LICENSE) are removed again afterwards, so that the
// universal package (`npm run package`) never picks up a stale binary.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const extensionDir = resolve(here, '..');
const repo = resolve(extensionDir, '../..');

/** Rust target triple → VS Code platform (`vsce package --target`). */
const PLATFORMS = {
  'x86_64-unknown-linux-gnu': 'linux-x64',
  'x86_64-unknown-linux-musl': 'linux-x64',
  'aarch64-unknown-linux-gnu': 'linux-arm64',
  'aarch64-unknown-linux-musl': 'linux-arm64',
  'armv7-unknown-linux-gnueabihf': 'linux-armhf',
  'x86_64-apple-darwin': 'darwin-x64',
  'aarch64-apple-darwin': 'darwin-arm64',
  'x86_64-pc-windows-msvc': 'win32-x64',
  'x86_64-pc-windows-gnu': 'win32-x64',
  'aarch64-pc-windows-msvc': 'win32-arm64',
};

function usage(message) {
  console.error(`package-bundled.mjs: ${message}`);
  console.error('usage: package-bundled.mjs [--target RUST_TARGET] [--binary PATH] [--out FILE] [--notice FILE]... [--print-platform]');
  process.exit(2);
}

const opts = { notices: [] };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const value = () => argv[++i] ?? usage(`${a} needs a value`);
  if (a === '--target') opts.target = value();
  else if (a === '--binary') opts.binary = resolve(value());
  else if (a === '--out') opts.out = resolve(value());
  else if (a === '--notice') opts.notices.push(resolve(value()));
  else if (a === '--print-platform') opts.printPlatform = true;
  else usage(`unknown argument ${a}`);
}

function run(cmd, args, options = {}) {
  console.log(`+ ${cmd} ${args.join(' ')}`);
  // npm and npx are .cmd scripts on Windows, which only a shell runs.
  const shell = process.platform === 'win32' && (cmd === 'npm' || cmd === 'npx');
  execFileSync(cmd, args, { stdio: 'inherit', shell, ...options });
}

const host = /^host: (.+)$/m.exec(execFileSync('rustc', ['-vV'], { encoding: 'utf8' }))?.[1]?.trim();
const target = opts.target ?? host;
const platform = PLATFORMS[target];
if (!platform) usage(`no VS Code platform for the Rust target ${target} (known: ${Object.keys(PLATFORMS).join(', ')})`);
if (opts.printPlatform) {
  console.log(platform);
  process.exit(0);
}
const exe = target.includes('windows') ? 'report-lsp.exe' : 'report-lsp';

let binary = opts.binary;
if (!binary) {
  const cross = target !== host;
  run('cargo', ['build', '--release', ...(cross ? ['--target', target] : [])], { cwd: repo });
  binary = join(repo, 'target', ...(cross ? [target] : []), 'release', exe);
}
if (!existsSync(binary) || !statSync(binary).isFile()) usage(`no binary at ${binary}`);
const out = opts.out ?? join(extensionDir, `report-lsp-${platform}.vsix`);

const serverDir = join(extensionDir, 'server');
const license = join(extensionDir, 'LICENSE');
const staged = [serverDir, license];
try {
  rmSync(serverDir, { recursive: true, force: true });
  mkdirSync(serverDir);
  copyFileSync(binary, join(serverDir, exe));
  chmodSync(join(serverDir, exe), 0o755);
  copyFileSync(join(repo, 'LICENSE'), license);
  // The binary embeds jieba's dictionary: its MIT notice travels with it.
  copyFileSync(join(repo, 'data/jieba/LICENSE'), join(serverDir, 'LICENSE-jieba'));
  for (const notice of opts.notices) copyFileSync(notice, join(serverDir, basename(notice)));

  if (!existsSync(join(extensionDir, 'node_modules'))) run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: extensionDir });
  mkdirSync(dirname(out), { recursive: true });
  run('npx', ['--no-install', 'vsce', 'package', '--target', platform, '--out', out], { cwd: extensionDir });
  console.log(`wrote ${out} (${platform}, server ${binary})`);
} finally {
  for (const p of staged) rmSync(p, { recursive: true, force: true });
}
