// VS Code (code-server) checks of issues 14 and 17, run by test.mjs --mode features in a
// copy of fixtures/workspace (--ws): a folder with a report-lsp.toml, the report opened
// here (本年工作总结.txt) and two that stay closed, in subfolders (往年/2023年度工作总结.txt,
// 述职/馆长述职报告.md). The user settings set reportLsp.docs.baseUrl (--docs).
//
//   - Problems lists only the open report at first: workspace diagnostics wait for the
//     setting or the command;
//   - the hover on 完善完善 explains the finding (screenshot vscode-hover.png) and links to
//     the rules document at reportLsp.docs.baseUrl;
//   - the quick-fix menu there lists 忽略此处, 在本文件中停用规则 repeated-word and
//     加入词表（不再提示“完善”） (screenshot vscode-quickfix.png); choosing 忽略此处 writes
//     report-lsp.toml on disk (comments kept), the finding leaves Problems, the others stay;
//   - 在本文件中停用规则 placeholder with report-lsp.toml open in an editor: the extension
//     saves that editor's document (VS Code leaves it dirty);
//   - *report-lsp: 检查工作区全部报告* fills Problems with the closed reports' findings
//     (screenshot vscode-workspace-problems.png);
//   - the section lengths show as inlay hints at the headings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPORT = '本年工作总结.txt';
const CLOSED_TXT = '2023年度工作总结.txt';
const CLOSED_MD = '馆长述职报告.md';

export async function runFeatures(page, { args, check, shot, TIMEOUT, outputLog }) {
  const ws = args.ws;
  const configPath = join(ws, 'report-lsp.toml');
  const configBefore = readFileSync(configPath, 'utf8');
  const rowSel = '.markers-panel .monaco-list-row';

  const waitFor = async (what, ms = TIMEOUT) => {
    const deadline = Date.now() + ms;
    let last;
    while (Date.now() < deadline) {
      last = await what();
      if (last && last.ok) return last;
      await page.waitForTimeout(400);
    }
    return last || { ok: false };
  };

  // The Problems panel as a tree: each file with its markers (text, line, column).
  const problems = async () => {
    const rows = await page.$$eval(rowSel, (els) =>
      els.map((e) => ({
        level: Number(e.getAttribute('aria-level') || 0),
        text: e.innerText.replace(/\s+/g, ' ').trim(),
        label: e.getAttribute('aria-label') || '',
        html: e.innerHTML,
      })),
    );
    const files = [];
    for (const r of rows) {
      if (r.level === 1) files.push({ file: r.text, markers: [] });
      else if (r.level === 2 && files.length) {
        const m = r.text.match(/Ln (\d+), Col (\d+)/) || [];
        files[files.length - 1].markers.push({ text: r.text, line: Number(m[1]), col: Number(m[2]), html: r.html });
      }
    }
    return files;
  };
  const fileOf = (files, name) => files.find((f) => f.file.includes(name));
  const has = (file, code, line, text) =>
    !!file && file.markers.some((m) => m.text.includes(code) && m.line === line && (!text || m.text.includes(text)));
  const describe = (files) =>
    files.map((f) => `${f.file}\n    ${f.markers.map((m) => m.text).join('\n    ')}`).join('\n  ');

  const palette = async (command) => {
    await page.keyboard.press('Control+Shift+P');
    await page.waitForSelector('.quick-input-widget:not(.hidden) input');
    await page.keyboard.type(command, { delay: 10 });
    await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${command.split(': ').pop()}"]`);
    await page.keyboard.press('Enter');
  };
  const cursorAt = () =>
    page
      .locator('.statusbar-item[id="status.editor.selection"]')
      .innerText()
      .catch(() => '?');
  const goTo = async (line, col) => {
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget:not(.hidden) input');
    // Only the line: Go to Line counts columns in display cells (a Chinese character is
    // two); the column is reached with the arrow key, one character at a time.
    await page.keyboard.type(`${line}`, { delay: 10 });
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    await page.keyboard.press('Home');
    for (let i = 1; i < col; i++) await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(300);
    const at = await cursorAt();
    check(`cursor on line ${line}, column ${col}`, at.includes(`Ln ${line}, Col ${col}`), at);
  };

  // Quick Open filters as it is typed: Enter is pressed only once the focused row is the
  // file, or it may open the row that was first before filtering (a recently opened file).
  // A slow machine gets a second and third try.
  const openFile = async (name) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+P');
        await page.waitForSelector('.quick-input-widget:not(.hidden) input');
        await page.keyboard.type(name, { delay: 20 });
        await page.waitForSelector(`.quick-input-list .monaco-list-row.focused[aria-label*="${name}"]`);
        await page.keyboard.press('Enter');
        await page.waitForSelector(`.tabs-container .tab.active[aria-label*="${name}"]`, { timeout: 20000 });
        return;
      } catch (e) {
        if (attempt === 3) throw e;
        console.log(`opening ${name} again (${e.message.split('\n')[0]})`);
      }
    }
  };

  // Open the report.
  await openFile(REPORT);
  check(`opened ${REPORT}`, true);
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Shift+M');

  // 1. Only the open report in Problems: workspace diagnostics are off until asked for.
  const own = await waitFor(async () => {
    const files = await problems();
    const f = fileOf(files, REPORT);
    const ok =
      has(f, 'unbalanced-quote', 7) && has(f, 'placeholder', 7, 'XX') && has(f, 'repeated-word', 9, '完善') && has(f, 'misnumbered', 13);
    return { ok, files };
  });
  console.log('Problems (open report):\n  ' + describe(own.files || []));
  check(`Problems lists ${REPORT}: “ and XX (line 7), 完善 (9), 四是 (13)`, own.ok);
  const rep = (fileOf(own.files || [], REPORT)?.markers || []).find((m) => m.text.includes('repeated-word'));
  check('repeated-word at Ln 9, Col 27 (as the CLI says)', rep && rep.line === 9 && rep.col === 27, rep?.text);
  check('the rule code links to reportLsp.docs.baseUrl#repeated-word (codeDescription.href)',
    rep && rep.html.includes(`${args.docs}#repeated-word`), rep?.html.slice(0, 600));
  await page.waitForTimeout(5000);
  const early = await problems();
  check('before the command, Problems lists no report that is not open',
    !fileOf(early, CLOSED_TXT) && !fileOf(early, CLOSED_MD), describe(early));

  // 2. Section lengths as inlay hints at the headings.
  const hints = await waitFor(async () => {
    const text = await page.locator('.monaco-editor .view-lines').first().innerText();
    return { ok: /一、主要工作\s*[\d,]+ 字 · \d+%/.test(text.replace(/\u00a0/g, ' ')), text };
  }, 20000);
  check('inlay hints: “一、主要工作 … 字 · …%” at the heading', hints.ok, (hints.text || '').slice(0, 300));

  // 3. Hover on the finding.
  await page.locator('.monaco-editor .view-lines').first().click();
  await goTo(9, rep?.col || 27);
  // The mouse on the squiggle, as a user hovers.
  const cursorBox = await page.locator('.monaco-editor .cursors-layer .cursor').first().boundingBox();
  if (cursorBox) await page.mouse.move(cursorBox.x + 8, cursorBox.y + cursorBox.height / 2);
  const hover = await waitFor(async () => {
    const text = await page
      .locator('.monaco-hover:not(.hidden)')
      .first()
      .innerText()
      .catch(() => '');
    const html = await page
      .locator('.monaco-hover:not(.hidden)')
      .first()
      .innerHTML()
      .catch(() => '');
    return { ok: text.includes('repeated-word') && text.includes('依据'), text, html };
  });
  console.log('hover:\n  ' + (hover.text || '').split('\n').join('\n  '));
  check('hover names the rule (词语重复 · repeated-word)', /词语重复/.test(hover.text || '') && /repeated-word/.test(hover.text || ''));
  check('hover says why (依据) and gives an example (例)', /依据/.test(hover.text || '') && /例/.test(hover.text || ''));
  check('hover gives the report-lsp.toml lines to silence it ([[ignore]], file = …)',
    (hover.text || '').includes('[[ignore]]') && (hover.text || '').includes(`file = "${REPORT}"`));
  check('hover links to reportLsp.docs.baseUrl#repeated-word', (hover.html || '').includes(`${args.docs}#repeated-word`));
  await shot(page, 'hover');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);

  // 4. The quick-fix menu, and 忽略此处.
  await page.keyboard.press('Control+.');
  const menu = await waitFor(async () => {
    const items = await page.$$eval('.action-widget .monaco-list-row', (els) =>
      els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()),
    );
    return { ok: items.includes('忽略此处'), items };
  });
  console.log('quick-fix menu:\n  ' + (menu.items || []).join('\n  '));
  check('the quick-fix menu lists 忽略此处', menu.ok);
  check('… and 在本文件中停用规则 repeated-word, 加入词表（不再提示“完善”）, 删除“完善”',
    ['在本文件中停用规则 repeated-word', '加入词表（不再提示“完善”）', '删除“完善”'].every((t) => (menu.items || []).includes(t)),
    JSON.stringify(menu.items));
  await shot(page, 'quickfix');
  await page.locator('.action-widget .monaco-list-row', { hasText: /^忽略此处$/ }).first().click();

  const written = await waitFor(async () => {
    const text = readFileSync(configPath, 'utf8');
    return { ok: text.includes('[[ignore]]'), text };
  }, 20000);
  console.log('report-lsp.toml on disk:\n  ' + (written.text || '').split('\n').join('\n  '));
  check('忽略此处 wrote report-lsp.toml on disk: [[ignore]] rule, text, file',
    written.ok && written.text.includes('rule = "repeated-word"') && written.text.includes('text = "完善"') &&
      written.text.includes(`file = "${REPORT}"`));
  check('… keeping its comments and settings', (written.text || '').startsWith(configBefore));
  const log = outputLog();
  check('the extension saved it (output: “Saved …/report-lsp.toml (edited by report-lsp)”)',
    log.includes(`Saved ${configPath} (edited by report-lsp).`), log.split('\n').filter((l) => /Saved|save/.test(l)).join(' | '));
  const afterIgnore = await waitFor(async () => {
    const files = await problems();
    const f = fileOf(files, REPORT);
    return { ok: !!f && !has(f, 'repeated-word', 9) && has(f, 'unbalanced-quote', 7) && has(f, 'placeholder', 7) && has(f, 'misnumbered', 13), files };
  });
  check('忽略此处: the repeated-word finding left Problems, the other three stayed', afterIgnore.ok, describe(afterIgnore.files || []));
  const dirty = await page.$$eval('.tabs-container .tab.dirty', (els) => els.map((e) => e.getAttribute('aria-label')));
  check('no editor is left with unsaved changes (the report untouched)', dirty.length === 0, JSON.stringify(dirty));

  // 在本文件中停用规则 placeholder with report-lsp.toml open in an editor (not dirty):
  // VS Code applies the edit to that editor's document and leaves it unsaved; the
  // extension saves it.
  await openFile('report-lsp.toml');
  await openFile(REPORT);
  const tabs = await page.$$eval('.tabs-container .tab', (els) => els.map((e) => e.getAttribute('aria-label') || ''));
  check('report-lsp.toml is open in a tab of its own beside the report',
    tabs.some((t) => t.includes('report-lsp.toml')) && tabs.some((t) => t.includes(REPORT)), JSON.stringify(tabs));
  await page.locator('.monaco-editor .view-lines').first().click();
  await goTo(7, 41);
  await page.keyboard.press('Control+.');
  const menu2 = await waitFor(async () => {
    const items = await page.$$eval('.action-widget .monaco-list-row', (els) =>
      els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()),
    );
    return { ok: items.includes('在本文件中停用规则 placeholder'), items };
  });
  check('the quick-fix menu at XX lists 在本文件中停用规则 placeholder', menu2.ok, JSON.stringify(menu2.items));
  await page.locator('.action-widget .monaco-list-row', { hasText: /^在本文件中停用规则 placeholder$/ }).first().click();
  const written2 = await waitFor(async () => {
    const text = readFileSync(configPath, 'utf8');
    return { ok: text.includes(`rule = "placeholder"\nfile = "${REPORT}"`), text };
  }, 20000);
  check('在本文件中停用规则 placeholder wrote [[ignore]] rule = "placeholder", file = … on disk', written2.ok, written2.text);
  const saves = await waitFor(async () => {
    const n = outputLog().split(`Saved ${configPath} (edited by report-lsp).`).length - 1;
    return { ok: n >= 2, n };
  }, 10000);
  check('the extension saved the open report-lsp.toml (a second “Saved …” line)', saves.ok, `${saves.n} lines`);
  const dirty2 = await page.$$eval('.tabs-container .tab.dirty', (els) => els.map((e) => e.getAttribute('aria-label')));
  check('the report-lsp.toml editor is not left dirty', dirty2.length === 0, JSON.stringify(dirty2));
  const afterRule = await waitFor(async () => {
    const files = await problems();
    const f = fileOf(files, REPORT);
    return { ok: !!f && !has(f, 'placeholder', 7) && has(f, 'unbalanced-quote', 7) && has(f, 'misnumbered', 13), files };
  });
  check('在本文件中停用规则 placeholder: the placeholder left Problems, “ and 四是 stayed', afterRule.ok, describe(afterRule.files || []));

  // 5. report-lsp: 检查工作区全部报告.
  // Hide the panel: the command must bring Problems back.
  await palette('View: Hide Panel');
  await page.waitForTimeout(500);
  check('the panel is hidden before the command', !(await page.locator('.markers-panel').isVisible().catch(() => false)));
  await palette('report-lsp: 检查工作区全部报告');
  const all = await waitFor(async () => {
    const visible = await page.locator('.markers-panel').isVisible().catch(() => false);
    const files = await problems();
    const t = fileOf(files, CLOSED_TXT);
    const m = fileOf(files, CLOSED_MD);
    const ok =
      visible &&
      has(t, 'placeholder', 5, '××') && has(t, 'misnumbered', 9) &&
      has(m, 'unbalanced-bracket', 5) && has(m, 'repeated-word', 9, '规定');
    return { ok, files, visible };
  });
  console.log('Problems after the command:\n  ' + describe(all.files || []));
  check('the command shows the Problems panel', !!all.visible);
  check(`Problems lists the closed 往年/${CLOSED_TXT}: ×× (line 5), the second 二是 (line 9)`,
    has(fileOf(all.files || [], CLOSED_TXT), 'placeholder', 5, '××') && has(fileOf(all.files || [], CLOSED_TXT), 'misnumbered', 9));
  check(`Problems lists the closed 述职/${CLOSED_MD}: 《 (line 5), 规定规定 (line 9)`,
    has(fileOf(all.files || [], CLOSED_MD), 'unbalanced-bracket', 5) && has(fileOf(all.files || [], CLOSED_MD), 'repeated-word', 9));
  check('the closed report’s row names its folder (往年)', /往年/.test(fileOf(all.files || [], CLOSED_TXT)?.file || ''),
    fileOf(all.files || [], CLOSED_TXT)?.file);
  check(`${REPORT} still without the silenced findings`,
    !has(fileOf(all.files || [], REPORT), 'repeated-word', 9) && !has(fileOf(all.files || [], REPORT), 'placeholder', 7));
  await shot(page, 'workspace-problems');
}
