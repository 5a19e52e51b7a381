// Drives code-server (VS Code in the browser) in headless Debian Chromium with
// playwright-core: opens the seed report, checks the Problems panel and the Outline view
// that the report-lsp extension fills, checks the "binary not found" message, and writes
// screenshots. Run by editors/test/run.sh; exits non-zero when a check fails.
//
//   PLAYWRIGHT_DIR=... node test.mjs --url URL --file NAME --bin BIN --shots DIR
//       [--mode full|bundled] [--logs USER_DATA_DIR/logs]
//
// --mode bundled: the platform package with the server inside, installed with no
// reportLsp.server.path and no report-lsp on PATH: the findings, the outline, and the
// output channel naming the bundled binary (--bin: the path it must name) are checked.
// --mode features (--ws WORKSPACE_DIR): a copy of fixtures/workspace, see features.mjs.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runFeatures } from './features.mjs';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const require = createRequire(join(process.env.PLAYWRIGHT_DIR, 'package.json'));
const { chromium } = require('playwright-core');

const TIMEOUT = Number(process.env.REPORT_LSP_UI_TIMEOUT_MS || 60000);
const mode = args.mode || 'full';
const shotName = (name) => (mode === 'bundled' ? `${mode}-${name}` : name);

// The extension's output channel as VS Code logs it (…/exthost/output_logging_*/N-report-lsp.log).
function outputChannelLog(dir) {
  const found = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/report-lsp\.log$/.test(e.name) && /output_logging_/.test(d)) found.push(p);
    }
  };
  try {
    walk(dir);
  } catch {
    return '';
  }
  found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return found.length ? readFileSync(found[0], 'utf8') : '';
}
let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`FAIL - ${name}${detail ? `: ${detail}` : ''}`);
  }
  return ok;
}

// Findings of the four core rules; newer rules (formulation, split-word, …) may add
// their own rows, which these checks leave alone.
const CORE = ['placeholder', 'repeated-word', 'unbalanced-quote', 'unbalanced-bracket', 'misnumbered'];
const coreRows = (rows) => rows.filter((r) => /Ln \d+, Col \d+/.test(r) && CORE.some((c) => r.includes(`(${c})`) || r.includes(` ${c} `)));

const SECTIONS = [
  '一、维护核心权威，持续加强政治建设',
  '二、加强组织领导，持续推动作风建设',
  '三、开展主题教育，持续深化思想建设',
  '四、严明纪律规矩，持续强化制度建设',
  '五、存在问题及下一步工作思路',
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
// The rows of the Outline view as shown: name and detail ("一、…564 字").
const outlineLabels = (page) =>
  page.$$eval('.monaco-list-row .outline-element', (els) =>
    [...new Set(els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()).filter(Boolean))],
  );
const shot = async (page, name) => {
  const path = join(args.shots, `vscode-${shotName(name)}.png`);
  await page.screenshot({ path });
  console.log(`screenshot: ${path}`);
};

try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(args.url);
  await page.waitForSelector('.monaco-workbench');
  // Let the workbench restore its views before typing into it.
  await page.waitForSelector('.explorer-folders-view, .explorer-viewlet', { timeout: TIMEOUT }).catch(() => {});
  await page.waitForTimeout(1500);
  check('code-server workbench loaded', true);
  if (mode === 'features') {
    // Issues 14 and 17: hover, the quick-fix menu, 忽略此处, the workspace command.
    await runFeatures(page, { args, check, shot, TIMEOUT, outputLog: () => outputChannelLog(args.logs || '') });
  } else {
    // Open the report with Quick Open.
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget:not(.hidden) input');
    await page.keyboard.type(args.file, { delay: 20 });
    await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${args.file}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.tabs-container .tab[aria-label*="${args.file}"]`);
    check(`opened ${args.file} in an editor`, true);
    const languageMode = await page
      .locator('.statusbar-item[id="status.editor.mode"]')
      .innerText()
      .catch(() => '?');
    check('language mode is Plain Text', /plain text/i.test(languageMode), languageMode);

    // Problems panel.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Shift+M');
    const rowSel = '.markers-panel .monaco-list-row';
    const markerRowsNow = () =>
      page.$$eval(rowSel, (els) => els.map((e) => e.innerText.replace(/\s+/g, ' ')).filter((t) => /Ln \d+, Col \d+/.test(t)));
    const wanted = [
      { line: 1, code: 'placeholder', text: 'XX' },
      { line: 5, code: 'repeated-word', text: '征集' },
      { line: 7, code: 'placeholder', text: 'XX' },
    ];
    let rows = [];
    const deadline = Date.now() + TIMEOUT;
    const lineOf = (r) => Number((r.match(/Ln (\d+), Col (\d+)/) || [])[1]);
    while (Date.now() < deadline) {
      rows = await page.$$eval(rowSel, (els) => els.map((e) => `${e.innerText.replace(/\s+/g, ' ')} || ${e.getAttribute('aria-label') || ''}`));
      const found = wanted.every((w) => rows.some((r) => r.includes(w.code) && lineOf(r) === w.line && r.includes(w.text)));
      if (found && coreRows(rows).length >= 4) break;
      await page.waitForTimeout(500);
    }
    console.log('Problems panel rows:\n  ' + rows.join('\n  '));
    for (const w of wanted) {
      check(
        `Problems lists ${w.code} “${w.text}” at line ${w.line}`,
        rows.some((r) => r.includes(w.code) && lineOf(r) === w.line && r.includes(w.text) && r.includes('report-lsp')),
      );
    }
    const markerRows = coreRows(rows);
    check('Problems lists 4 findings of the core rules (XX twice on line 7)', markerRows.length === 4, `${markerRows.length} rows`);
    const col = (r) => Number((r.match(/Ln \d+, Col (\d+)/) || [])[1]);
    const rep = markerRows.find((r) => r.includes('repeated-word'));
    // The CLI (1-based, counted in characters) puts it at 5:275; VS Code counts UTF-16 units
    // — the same here, as the line has no characters outside the BMP.
    check('repeated-word column is 275 (characters, as the CLI reports)', rep && col(rep) === 275, rep);
    check('the file row names the report', rows.some((r) => r.includes(args.file)));
    if (mode === 'bundled') {
      // This run sets reportLsp.workspaceDiagnostics: a report never opened (往年/二季度小结.txt)
      // is in Problems without the command.
      let closed = [];
      const deadline9 = Date.now() + TIMEOUT;
      while (Date.now() < deadline9) {
        closed = await page.$$eval(rowSel, (els) => els.map((e) => e.innerText.replace(/\s+/g, ' ')));
        if (closed.some((r) => r.includes('二季度小结.txt')) && closed.some((r) => r.includes('doubled-punctuation') && /Ln 3, Col 13/.test(r))) break;
        await page.waitForTimeout(500);
      }
      check('reportLsp.workspaceDiagnostics = true: Problems lists the closed 往年/二季度小结.txt (doubled-punctuation, Ln 3, Col 13)',
        closed.some((r) => r.includes('二季度小结.txt') && r.includes('往年')) &&
          closed.some((r) => r.includes('doubled-punctuation') && /Ln 3, Col 13/.test(r)), JSON.stringify(closed));
    }
    await shot(page, 'problems');

    // Outline view.
    await page.keyboard.press('Control+Shift+P');
    await page.waitForSelector('.quick-input-widget:not(.hidden) input');
    await page.keyboard.type('Explorer: Focus on Outline View', { delay: 10 });
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    // Give the Outline the sidebar's height: collapse the folder view above it.
    await page.locator('.pane-header', { hasText: /workspace/i }).first().click().catch(() => {});
    await page.waitForTimeout(500);
    let outline = [];
    const deadline2 = Date.now() + TIMEOUT;
    while (Date.now() < deadline2) {
      outline = await outlineLabels(page);
      if (SECTIONS.every((s) => outline.some((o) => o.includes(s)))) break;
      await page.waitForTimeout(500);
    }
    console.log('Outline view:\n  ' + outline.join('\n  '));
    for (const s of SECTIONS) check(`Outline lists ${s}`, outline.some((o) => o.includes(s)));
    // The tree's top level (aria-level 1) is exactly the five sections, in order.
    const tree = await page.$$eval('.monaco-list-row', (els) =>
      els
        .filter((e) => e.querySelector('.outline-element'))
        .map((e) => ({ level: Number(e.getAttribute('aria-level')), label: (e.getAttribute('aria-label') || e.innerText).trim() })),
    );
    const roots = tree.filter((r) => r.level === 1).map((r) => r.label);
    check('Outline top level is the five sections, in order',
      roots.length === SECTIONS.length && SECTIONS.every((s, i) => roots[i].startsWith(s)), JSON.stringify(roots));
    check('Outline shows 一是… items under the sections', tree.some((r) => r.level === 2 && /^一是/.test(r.label)),
      JSON.stringify(tree.slice(0, 4)));
    check('Outline shows section lengths (字)', outline.some((o) => /字/.test(o)));
    await shot(page, 'outline');

    // Both at once, for a person to look at: editor, Problems panel and Outline.
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector(rowSel);
    await shot(page, 'seed-000');

    // The output channel says which binary runs, why, and its version.
    const wantRule = mode === 'bundled' ? 'bundled with the extension' : 'the reportLsp.server.path setting';
    const serverLine = (text) => text.split('\n').find((l) => l.includes(`Server: ${args.bin} (`));
    let log = '';
    const deadline7 = Date.now() + 20000;
    while (Date.now() < deadline7 && !(serverLine((log = outputChannelLog(args.logs || ''))) && /Server version: /.test(log)))
      await page.waitForTimeout(500);
    const line = serverLine(log) || '';
    console.log('output channel (log file):\n  ' + log.split('\n').filter((l) => /Server|Starting|running/.test(l)).join('\n  '));
    check(`the output channel names the server ${args.bin} (${wantRule})`, line.includes(wantRule), line || log.slice(0, 400));
    check('the output channel gives the server version with its revision',
      /Server version: report-lsp \d+\.\d+\.\d+ \(.+\)/.test(log), (log.match(/Server version: .*/) || [''])[0]);
    if (mode === 'bundled') {
      // …and a person sees the same in the Output panel (report-lsp: Show output).
      await page.keyboard.press('Control+Shift+P');
      await page.waitForSelector('.quick-input-widget:not(.hidden) input');
      await page.keyboard.type('report-lsp: Show output', { delay: 10 });
      await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="Show output"]');
      await page.keyboard.press('Enter');
      let shown = '';
      const deadline8 = Date.now() + 20000;
      while (Date.now() < deadline8) {
        shown = await page
          .locator('.panel .output-view, .panel [id="workbench.panel.output"]')
          .first()
          .innerText()
          .catch(() => '');
        shown = shown.replace(/\u00a0/g, ' ');
        if (shown.includes('bundled with the extension')) break;
        await page.waitForTimeout(500);
      }
      console.log('Output panel:\n  ' + shown.split('\n').slice(0, 8).join('\n  '));
      check('the Output panel shows "Server: …/server/report-lsp (bundled with the extension…)"',
        /Server: \S*\/server\/report-lsp \(bundled with the extension/.test(shown.replace(/\s+/g, ' ')), shown.slice(0, 300));
      await shot(page, 'output');
    }

    // The rest changes the server and its settings; the bundled run stops here.
    if (mode === 'full') {
      // "report-lsp: Restart server" from the Command Palette: the findings and the Outline
      // are there again afterwards.
      await page.keyboard.press('Control+Shift+P');
      await page.waitForSelector('.quick-input-widget:not(.hidden) input');
      await page.keyboard.type('report-lsp: Restart server', { delay: 10 });
      await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="Restart server"]');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(1500);
      let restarted = false;
      const deadline4 = Date.now() + TIMEOUT;
      while (!restarted && Date.now() < deadline4) {
        const labels = await outlineLabels(page);
        const markers = coreRows(await markerRowsNow()).length;
        restarted = markers === 4 && SECTIONS.every((s) => labels.some((l) => l.includes(s)));
        if (!restarted) await page.waitForTimeout(500);
      }
      await shot(page, 'after-restart');
      check('after "report-lsp: Restart server" the 4 findings and the five sections are back', restarted);

      // Settings are changed in the Settings editor, as a user would: open it (Ctrl+,), search,
      // edit the one setting found. Retried, as the editor re-renders while it searches.
      const openSetting = async (query, label, kind) => {
        const control = page.locator('.setting-item-contents', { hasText: label }).locator(kind).first();
        for (let attempt = 0; attempt < 4; attempt++) {
          if (await page.locator('.settings-editor').isVisible().catch(() => false)) {
            await page.keyboard.press('Escape');
            await page.waitForTimeout(300);
          }
          await page.locator('.monaco-editor .view-lines').first().click();
          await page.keyboard.press('Control+Comma');
          await page.waitForSelector('.settings-editor');
          await page.waitForTimeout(500);
          await page.keyboard.press('Control+A');
          await page.keyboard.type(query, { delay: 10 });
          if (await control.waitFor({ timeout: 10000 }).then(() => true, () => false)) return control;
        }
        throw new Error(`setting ${query} not found in the Settings editor`);
      };
      // Retried: on a busy machine the Settings editor may re-render the row (with the old
      // value) while the new one is typed.
      const setText = async (query, label, value) => {
        let now = '?';
        for (let attempt = 0; attempt < 3; attempt++) {
          const input = await openSetting(query, label, 'input');
          await input.click();
          await input.fill(value);
          await page.keyboard.press('Tab');
          await page.waitForTimeout(1000);
          now = await input.inputValue().catch(() => '?');
          if (now === value) return;
        }
        throw new Error(`setting ${query}: the input holds ${now}, not ${value}`);
      };

      // A wrong server path: the extension restarts the server and says what is wrong and
      // what to do.
      await setText('reportLsp.server.path', 'Server: Path', '/nonexistent/report-lsp');
      const toast = page.locator('.notification-toast', { hasText: 'reportLsp.server.path' });
      const seen = await toast
        .first()
        .waitFor({ timeout: 30000 })
        .then(() => true)
        .catch(() => false);
      const toastText = seen ? (await toast.first().innerText()).replace(/\s+/g, ' ') : '';
      console.log(`notification: ${toastText}`);
      check('a wrong reportLsp.server.path gives an error naming the setting, with Open Settings',
        seen && toastText.includes('/nonexistent/report-lsp') && /Open Settings/.test(toastText), toastText);
      await shot(page, 'server-not-found');
      if (seen) await toast.first().locator('.codicon-notifications-clear, .codicon-close').first().click().catch(() => {});

      // Back to the real binary: the findings return.
      await setText('reportLsp.server.path', 'Server: Path', args.bin);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
      if (!(await page.locator('.markers-panel').isVisible().catch(() => false))) await page.keyboard.press('Control+Shift+M');
      let back = [];
      const deadline6 = Date.now() + TIMEOUT;
      while (Date.now() < deadline6 && coreRows((back = await markerRowsNow())).length !== 4) await page.waitForTimeout(500);
      check('with the path fixed the server runs again (4 findings)', coreRows(back).length === 4, JSON.stringify(back));

      // Turn a rule off: the extension pushes the explicitly set severity to the server.
      const select = await openSetting('reportLsp.rules.placeholder', 'Rules: Placeholder', 'select');
      await select.selectOption('off');
      await page.waitForTimeout(500);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
      if (!(await page.locator('.markers-panel').isVisible().catch(() => false))) await page.keyboard.press('Control+Shift+M');
      const placeholderOff = (rs) => rs.length > 0 && !rs.some((r) => r.includes('placeholder')) && rs.some((r) => r.includes('repeated-word'));
      let after = [];
      const deadline3 = Date.now() + TIMEOUT;
      while (Date.now() < deadline3) {
        after = await markerRowsNow();
        if (placeholderOff(after)) break;
        await page.waitForTimeout(500);
      }
      console.log('Problems after reportLsp.rules.placeholder = off:\n  ' + after.join('\n  '));
      check('reportLsp.rules.placeholder = "off" (Settings editor): no placeholder left, repeated-word still there',
        placeholderOff(after), JSON.stringify(after));
      let outlineBack = false;
      const deadline5 = Date.now() + 20000;
      while (!outlineBack && Date.now() < deadline5) {
        const labels = await outlineLabels(page);
        outlineBack = SECTIONS.every((s) => labels.some((l) => l.includes(s)));
        if (!outlineBack) await page.waitForTimeout(500);
      }
      check('the Outline is back once the server path is fixed', outlineBack);
      await shot(page, 'placeholder-off');
    }
  }
} catch (err) {
  check('no error driving the browser', false, err.stack || String(err));
} finally {
  await browser.close().catch(() => {});
}

console.log(`vscode: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
