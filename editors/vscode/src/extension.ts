// VS Code client for the report-lsp language server.
//
// Starts `report-lsp serve` on stdio for plaintext and markdown documents and passes the
// `reportLsp` settings to it (initializationOptions, workspace/configuration and
// workspace/didChangeConfiguration). Only settings the user actually set are sent, so a
// project's report-lsp.toml still applies where the editor settings say nothing.
//
// Workspace diagnostics (every report under the workspace folders in Problems, open or
// not): vscode-languageclient 9 starts pulling them (workspace/diagnostic) as soon as the
// server offers them. The `provideWorkspaceDiagnostics` middleware holds that pull until
// `reportLsp.workspaceDiagnostics` is true or the user runs *report-lsp: 检查工作区全部报告*
// (on for the rest of the session), so a large folder is not checked unasked.
//
// report-lsp.toml: 忽略此处 and the other silencing actions have the server edit it through
// workspace/applyEdit. VS Code applies that to a (background) document and leaves it
// unsaved (unless files.autoSave is on; desktop VS Code has it off), so the extension replaces the client's workspace/applyEdit handler: the same
// conversion and version check, then it saves the report-lsp.toml documents the edit
// changed that had no unsaved changes before. Other files (fix-all edits the report
// itself) stay unsaved, as usual.
//
// The server binary, first found wins: `reportLsp.server.path`; the binary bundled in the
// platform-specific package (`server/report-lsp`, see scripts/package-bundled.mjs);
// `report-lsp` on PATH; `~/.cargo/bin/report-lsp`. The output channel says which one and
// why, and the version it reports.

import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  ApplyWorkspaceEditParams,
  ApplyWorkspaceEditRequest,
  ApplyWorkspaceEditResult,
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TextDocumentEdit,
} from 'vscode-languageclient/node';

const SECTION = 'reportLsp';
/** Settings only the extension reads; never sent to the server. */
const CLIENT_ONLY = ['server.', 'trace.', 'workspaceDiagnostics'];
const CONFIG_FILE = 'report-lsp.toml';
const BINARY = process.platform === 'win32' ? 'report-lsp.exe' : 'report-lsp';
const INSTALL_HINT =
  'Install the report-lsp package for your platform (report-lsp-<platform>.vsix, which has the server inside), ' +
  'or put the report-lsp binary from a release archive (or `cargo install`) on PATH, ' +
  'or set "reportLsp.server.path" to its full path.';

/** The binary to start and the rule that picked it, for the output channel. */
interface Server {
  command: string;
  rule: string;
}

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let starting: Promise<void> | undefined;
let contributed: string[] = [];
let extensionPath = '';
/** *report-lsp: 检查工作区全部报告* was run: workspace diagnostics on until VS Code closes. */
let workspaceDiagnosticsRequested = false;
const workspaceDiagnosticsOn = new vscode.EventEmitter<void>();
/** workspace/applyEdit requests, handled one after the other. */
let applyEditQueue: Promise<unknown> = Promise.resolve();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('report-lsp');
  extensionPath = context.extensionPath;
  const props = context.extension.packageJSON?.contributes?.configuration?.properties ?? {};
  contributed = Object.keys(props)
    .filter((k) => k.startsWith(`${SECTION}.`))
    .map((k) => k.slice(SECTION.length + 1));
  context.subscriptions.push(output);

  context.subscriptions.push(
    vscode.commands.registerCommand('reportLsp.restartServer', async () => {
      output.appendLine('Restarting report-lsp on request.');
      await restart();
    }),
    vscode.commands.registerCommand('reportLsp.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('reportLsp.checkWorkspace', async () => {
      if (!workspaceDiagnosticsRequested) {
        workspaceDiagnosticsRequested = true;
        output.appendLine('Workspace diagnostics on for this session (report-lsp: 检查工作区全部报告).');
        workspaceDiagnosticsOn.fire();
      }
      if (!client?.isRunning()) {
        void vscode.window.showWarningMessage('report-lsp: the server is not running; see the report-lsp output.');
      }
      // Not workbench.actions.view.problems (Ctrl+Shift+M), which closes a focused Problems view.
      await vscode.commands.executeCommand('workbench.panel.markers.view.focus');
    }),
    workspaceDiagnosticsOn,
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      if (e.affectsConfiguration(`${SECTION}.server.path`)) {
        output.appendLine('reportLsp.server.path changed: restarting the server.');
        await restart();
        return;
      }
      if (e.affectsConfiguration(`${SECTION}.workspaceDiagnostics`)) {
        if (workspaceDiagnosticsEnabled()) {
          output.appendLine('reportLsp.workspaceDiagnostics is on.');
          workspaceDiagnosticsOn.fire();
        } else if (!workspaceDiagnosticsRequested) {
          // The reports that are not open leave Problems with a fresh start.
          output.appendLine('reportLsp.workspaceDiagnostics is off: restarting the server.');
          await restart();
        }
        return;
      }
      // The trace level is handled by vscode-languageclient itself; the rest goes to the server.
      if (client?.isRunning()) {
        await client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { [SECTION]: serverSettings(undefined) },
        });
      }
    }),
  );

  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop();
    } catch (err) {
      output.appendLine(`Stopping the server failed: ${String(err)}`);
    }
  }
}

function start(): Promise<void> {
  if (!starting) {
    starting = doStart().finally(() => {
      starting = undefined;
    });
  }
  return starting;
}

async function doStart(): Promise<void> {
  const server = await resolveServer();
  if (!server) return;
  const command = server.command;
  output.appendLine(`Starting ${command} serve`);

  const serverOptions: ServerOptions = {
    run: { command, args: ['serve'] },
    debug: { command, args: ['serve'], options: { env: { ...process.env, RUST_LOG: 'debug' } } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'plaintext' },
      { scheme: 'untitled', language: 'plaintext' },
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: serverSettings(undefined),
    middleware: {
      // Held until workspace diagnostics are on (see the top of this file).
      provideWorkspaceDiagnostics: async (resultIds, token, resultReporter, next) => {
        if (!workspaceDiagnosticsEnabled()) {
          await untilWorkspaceDiagnosticsOn(token);
          if (token.isCancellationRequested) return { items: [] };
          output.appendLine('Checking every report in the workspace (workspace/diagnostic).');
        }
        return next(resultIds, token, resultReporter);
      },
      workspace: {
        // Answer workspace/configuration for our section with the explicit settings only.
        configuration: async (params, token, next) => {
          const defaults = await next(params, token);
          if (!Array.isArray(defaults)) return defaults;
          return params.items.map((item, i) => {
            if (item.section === SECTION) {
              const uri = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
              return serverSettings(uri);
            }
            return defaults[i];
          });
        },
      },
    },
  };

  const c = new LanguageClient(SECTION, 'report-lsp', serverOptions, clientOptions);
  client = c;
  // Registered before start: the client sets its own handler first and then these, and
  // the connection keeps one handler per method, so this one replaces it.
  c.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
    const result = applyEditQueue.then(() => applyWorkspaceEdit(c, params));
    applyEditQueue = result.catch(() => undefined);
    return result;
  });
  try {
    await c.start();
    output.appendLine('report-lsp is running.');
  } catch (err) {
    output.appendLine(`Could not start ${command}: ${String(err)}`);
    void vscode.window
      .showErrorMessage(
        `report-lsp: the server "${command}" failed to start (${String(err)}). ` +
          'Check "reportLsp.server.path" and the report-lsp output.',
        'Show Output',
        'Open Settings',
      )
      .then(handleChoice);
  }
}

function workspaceDiagnosticsEnabled(): boolean {
  return (
    workspaceDiagnosticsRequested ||
    vscode.workspace.getConfiguration(SECTION).get<boolean>('workspaceDiagnostics', false) === true
  );
}

/** Resolves when workspace diagnostics are turned on, or the pull is cancelled. */
function untilWorkspaceDiagnosticsOn(token: vscode.CancellationToken): Promise<void> {
  return new Promise((resolve) => {
    const subscriptions: vscode.Disposable[] = [];
    const done = () => {
      subscriptions.forEach((d) => d.dispose());
      resolve();
    };
    subscriptions.push(workspaceDiagnosticsOn.event(done), token.onCancellationRequested(done));
    if (workspaceDiagnosticsEnabled() || token.isCancellationRequested) done();
  });
}

/**
 * workspace/applyEdit as vscode-languageclient 9 handles it (convert, refuse an edit of a
 * document whose version moved on, apply), then save the report-lsp.toml documents it
 * changed that were not dirty before.
 */
async function applyWorkspaceEdit(c: LanguageClient, params: ApplyWorkspaceEditParams): Promise<ApplyWorkspaceEditResult> {
  const edit = params.edit;
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
  const touched: string[] = [];
  for (const uri of Object.keys(edit.changes ?? {})) touched.push(c.protocol2CodeConverter.asUri(uri).toString());
  for (const change of edit.documentChanges ?? []) {
    if (TextDocumentEdit.is(change)) {
      const uri = c.protocol2CodeConverter.asUri(change.textDocument.uri).toString();
      touched.push(uri);
      const doc = open.get(uri);
      const version = change.textDocument.version;
      if (doc && typeof version === 'number' && version >= 0 && doc.version !== version) {
        return { applied: false, failureReason: `${uri} changed since (version ${doc.version}, the edit is for ${version})` };
      }
    } else if ('kind' in change && change.kind === 'create') {
      touched.push(c.protocol2CodeConverter.asUri(change.uri).toString());
    }
  }
  const configs = [...new Set(touched)].filter((u) => path.posix.basename(vscode.Uri.parse(u).path) === CONFIG_FILE);
  const cleanBefore = configs.filter((u) => !open.get(u)?.isDirty);

  const converted = await c.protocol2CodeConverter.asWorkspaceEdit(edit);
  const applied = await vscode.workspace.applyEdit(converted);
  if (!applied) return { applied: false };
  for (const u of cleanBefore) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === u);
    if (!doc?.isDirty) continue;
    if (await doc.save()) {
      output.appendLine(`Saved ${doc.uri.fsPath} (edited by report-lsp).`);
    } else {
      output.appendLine(`Could not save ${doc.uri.fsPath} after report-lsp edited it.`);
      void vscode.window.showWarningMessage(`report-lsp: ${doc.uri.fsPath} was edited but could not be saved.`);
    }
  }
  return { applied: true };
}

/** The binary to run, or undefined after telling the user why there is none. */
async function resolveServer(): Promise<Server | undefined> {
  const configured = (vscode.workspace.getConfiguration(SECTION).get<string>('server.path') ?? '').trim();
  if (configured) {
    const p = expand(configured);
    if (!isExecutable(p)) {
      notFound(
        `report-lsp: "reportLsp.server.path" is set to "${configured}", but no executable file is there. ` +
          'Fix the path, or clear the setting to use the bundled server or report-lsp from PATH.',
      );
      return undefined;
    }
    // The user's explicit choice: started even if --version fails, so that the error
    // they see is the server's own.
    const server = { command: p, rule: 'the reportLsp.server.path setting' };
    await announce(server);
    return server;
  }

  const bundled = path.join(extensionPath, 'server', BINARY);
  let noBundled = 'this package has no bundled server';
  if (fs.existsSync(bundled)) {
    ensureExecutable(bundled);
    const server = { command: bundled, rule: 'bundled with the extension; reportLsp.server.path is not set' };
    // A package for another platform, or a damaged one: say so and look further.
    if (await announce(server)) return server;
    output.appendLine('The bundled server does not run on this machine; looking for report-lsp on PATH.');
    noBundled = 'the bundled server does not run here';
  }

  const found = findOnPath(BINARY);
  if (found) {
    const server = { command: found.command, rule: `${found.rule}; reportLsp.server.path is not set, ${noBundled}` };
    await announce(server);
    return server;
  }
  notFound(`report-lsp: the language server "${BINARY}" was not found on PATH or in ~/.cargo/bin. ${INSTALL_HINT}`);
  return undefined;
}

/** Logs the server picked and its version; false when it does not run at all. */
async function announce(server: Server): Promise<boolean> {
  output.appendLine(`Server: ${server.command} (${server.rule})`);
  const version = await serverVersion(server.command);
  output.appendLine(`Server version: ${version.text}`);
  return version.ok;
}

function serverVersion(command: string): Promise<{ ok: boolean; text: string }> {
  return new Promise((resolve) => {
    execFile(command, ['--version'], { timeout: 10000, windowsHide: true }, (err, stdout, stderr) => {
      if (err) {
        resolve({ ok: false, text: `unknown (${command} --version failed: ${String(err.message || err)}${stderr ? ` ${stderr.trim()}` : ''})` });
      } else {
        resolve({ ok: true, text: stdout.trim() || '(empty)' });
      }
    });
  });
}

/** Unpacking a .vsix may lose the executable bit; put it back if so. */
function ensureExecutable(p: string): void {
  if (process.platform === 'win32' || isExecutable(p)) return;
  try {
    fs.chmodSync(p, 0o755);
    output.appendLine(`Made ${p} executable.`);
  } catch (err) {
    output.appendLine(`Could not make ${p} executable: ${String(err)}`);
  }
}

function notFound(message: string): void {
  output.appendLine(message);
  output.appendLine(`PATH=${process.env.PATH ?? ''}`);
  void vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output').then(handleChoice);
}

async function handleChoice(choice: string | undefined): Promise<void> {
  if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.server.path`);
  } else if (choice === 'Show Output') {
    output.show(true);
  }
}

function expand(p: string): string {
  let out = p;
  if (out === '~' || out.startsWith('~/')) out = path.join(os.homedir(), out.slice(1));
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder) out = out.replace(/\$\{workspaceFolder\}/g, folder);
  if (!path.isAbsolute(out) && folder) out = path.resolve(folder, out);
  return out;
}

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string): Server | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return { command: candidate, rule: 'found on PATH' };
  }
  const cargo = path.join(os.homedir(), '.cargo', 'bin', name);
  if (isExecutable(cargo)) return { command: cargo, rule: 'found in ~/.cargo/bin, not on PATH' };
  return undefined;
}

/**
 * The `reportLsp` object sent to the server: every key the user set explicitly (user,
 * workspace or folder settings), nothing for keys left at their defaults, so that
 * report-lsp.toml and the server's built-in defaults apply there. `server`, `trace` and
 * `workspaceDiagnostics` are client-side settings and are left out.
 */
function serverSettings(scope: vscode.Uri | undefined): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const result: Record<string, unknown> = {};
  for (const key of contributed) {
    if (CLIENT_ONLY.some((c) => key.startsWith(c))) continue;
    const info = config.inspect(key);
    if (!info) continue;
    const value =
      info.workspaceFolderLanguageValue ??
      info.workspaceFolderValue ??
      info.workspaceLanguageValue ??
      info.workspaceValue ??
      info.globalLanguageValue ??
      info.globalValue;
    if (value === undefined) continue;
    // An emptied text field means "the default", which the server knows.
    if (key === 'docs.baseUrl' && typeof value === 'string' && value.trim() === '') continue;
    setPath(result, key.split('.'), value);
  }
  // Objects written directly, e.g. "reportLsp.rules": {"placeholder": "off"}.
  for (const top of ['rules', 'placeholder', 'repeated-word', 'formulation', 'lexicon']) {
    const info = config.inspect<Record<string, unknown>>(top);
    const value = info?.workspaceFolderValue ?? info?.workspaceValue ?? info?.globalValue;
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const existing = (result[top] as Record<string, unknown> | undefined)?.[k];
        if (existing === undefined) setPath(result, [top, k], v);
      }
    }
  }
  return result;
}

function setPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let obj = target;
  for (const k of keys.slice(0, -1)) {
    if (typeof obj[k] !== 'object' || obj[k] === null) obj[k] = {};
    obj = obj[k] as Record<string, unknown>;
  }
  obj[keys[keys.length - 1]] = value;
}
