-- Neovim end-to-end test of report-lsp, run by editors/test/run.sh:
--
--   REPORT_LSP_BIN=... REPORT_LSP_SEED=copy-of-seed-000.txt REPORT_LSP_FIXTURE=copy-of-report.md \
--     nvim --headless --clean -u editors/test/nvim/init.lua -l editors/test/nvim/run.lua [full|basic]
--
-- Opens the files as a user would (:edit), waits for the client to attach and publish
-- diagnostics, checks their lines and ranges, the outline (documentSymbol and
-- vim.lsp.buf.document_symbol()), and applies quick fixes with vim.lsp.buf.code_action().
-- Exits non-zero when anything fails.

local mode = (arg and arg[1]) or 'full'
local TIMEOUT = tonumber(os.getenv('REPORT_LSP_TIMEOUT_MS') or '') or 20000
local passed, failed = 0, 0

-- print() in `nvim -l` does not end the last line; write whole lines to stdout.
local function print(msg)
  io.stdout:write(msg, '\n')
end

-- Messages for the user (vim.notify) on lines of their own, among the results.
vim.notify = function(msg, level)
  print('  notify' .. (level and level >= vim.log.levels.WARN and ' (warning)' or '') .. ': ' .. tostring(msg))
end

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    print('ok - ' .. name)
  else
    failed = failed + 1
    print('FAIL - ' .. name .. (detail and (': ' .. detail) or ''))
  end
  return ok
end

local function wait(pred, ms)
  return vim.wait(ms or TIMEOUT, pred, 50)
end

local function finish()
  print(string.format('neovim (%s): %d passed, %d failed', mode, passed, failed))
  io.stdout:flush()
  os.exit(failed == 0 and passed > 0 and 0 or 1)
end

local function client_of(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = 'report_lsp' })[1]
end

--- report-lsp diagnostics of buf, sorted, each with the text under its range.
local function diags(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == 'report-lsp' then
      local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1] or ''
      local text = (d.end_lnum == d.lnum) and line:sub(d.col + 1, d.end_col) or line:sub(d.col + 1)
      out[#out + 1] = { line = d.lnum + 1, col = d.col, code = d.code, text = text, message = d.message, raw = d }
    end
  end
  table.sort(out, function(a, b)
    return a.line < b.line or (a.line == b.line and a.col < b.col)
  end)
  return out
end

local function describe(list)
  local parts = {}
  for _, d in ipairs(list) do
    parts[#parts + 1] = string.format('%d:%s[%s]%q', d.line, tostring(d.code), d.text, d.message)
  end
  return '{' .. table.concat(parts, ', ') .. '}'
end

local function find(list, line, code, text)
  for _, d in ipairs(list) do
    if d.line == line and d.code == code and (text == nil or d.text == text) then
      return d
    end
  end
end

local function open(path, filetype)
  vim.cmd.edit(vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  check(vim.fn.fnamemodify(path, ':t') .. ': filetype is ' .. filetype, vim.bo[buf].filetype == filetype,
    'got ' .. vim.bo[buf].filetype)
  local attached = wait(function()
    return client_of(buf) ~= nil and client_of(buf).initialized
  end)
  if not check('report_lsp attached to ' .. vim.fn.fnamemodify(path, ':t'), attached) then
    finish()
  end
  return buf
end

--- Waits until the diagnostics satisfy pred (and then a little longer, so that a late
--- publish does not go unnoticed).
local function wait_diags(buf, pred)
  local ok = wait(function()
    return pred(diags(buf))
  end)
  return ok, diags(buf)
end

local function symbols(buf)
  local params = { textDocument = vim.lsp.util.make_text_document_params(buf) }
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/documentSymbol', params, TIMEOUT)
  if not res then
    return nil, 'no response'
  end
  for _, r in pairs(res) do
    if r.err then
      return nil, vim.inspect(r.err)
    end
    return r.result or {}
  end
  return nil, 'no client answered'
end

local function names(list)
  local out = {}
  for _, s in ipairs(list or {}) do
    out[#out + 1] = s.name
  end
  return out
end

--- vim.lsp.buf.document_symbol() as a user runs it: fills the location list.
local function outline_loclist(buf, expected)
  local win = vim.api.nvim_get_current_win()
  vim.fn.setloclist(win, {}, 'r')
  vim.lsp.buf.document_symbol()
  local ok = wait(function()
    return #vim.fn.getloclist(win) > 0
  end)
  local texts = {}
  for _, item in ipairs(vim.fn.getloclist(win)) do
    texts[#texts + 1] = item.text
  end
  pcall(vim.cmd.lclose)
  vim.api.nvim_set_current_win(win)
  local joined = table.concat(texts, '\n')
  local missing = {}
  for _, name in ipairs(expected) do
    if not joined:find(name, 1, true) then
      missing[#missing + 1] = name
    end
  end
  check('vim.lsp.buf.document_symbol() lists ' .. table.concat(expected, ' / '), ok and #missing == 0,
    'missing ' .. vim.inspect(missing) .. ' in ' .. vim.inspect(texts))
end

--- Puts the cursor on d and applies the one code action that filter accepts.
local function apply_action(buf, d, filter, only)
  vim.api.nvim_win_set_cursor(0, { d.line, d.col })
  vim.lsp.buf.code_action({
    apply = true,
    context = only and { only = only, diagnostics = {} } or nil,
    filter = filter,
  })
end

local seed_sections = {
  '一、维护核心权威，持续加强政治建设',
  '二、加强组织领导，持续推动作风建设',
  '三、开展主题教育，持续深化思想建设',
  '四、严明纪律规矩，持续强化制度建设',
  '五、存在问题及下一步工作思路',
}

-- Seed 000 (plain text) ---------------------------------------------------------------
local function seed_case(path)
  local buf = open(path, 'text')
  local ok, ds = wait_diags(buf, function(l)
    return find(l, 1, 'placeholder', 'XX') and find(l, 5, 'repeated-word') and find(l, 7, 'placeholder', 'XX')
  end)
  check('seed 000: placeholder XX on line 1', find(ds, 1, 'placeholder', 'XX') ~= nil, describe(ds))
  check('seed 000: placeholder XX on line 7', find(ds, 7, 'placeholder', 'XX') ~= nil, describe(ds))
  local rep = find(ds, 5, 'repeated-word', '征集')
  check('seed 000: repeated-word 征集征集 on line 5, range on the second 征集', rep ~= nil, describe(ds))
  if rep then
    local line = vim.api.nvim_buf_get_lines(buf, 4, 5, false)[1]
    check('seed 000: the repeated-word range follows 征集', line:sub(rep.col - #'征集' + 1, rep.col) == '征集')
    check('seed 000: diagnostic message is Chinese', rep.message:find('征集', 1, true) ~= nil, rep.message)
  end
  -- The four core rules find nothing else (newer rules may add findings of their own).
  local core = { placeholder = true, ['repeated-word'] = true, ['unbalanced-quote'] = true,
    ['unbalanced-bracket'] = true, misnumbered = true }
  local others = {}
  for _, d in ipairs(ds) do
    if core[d.code] and not (d.code == 'placeholder' and (d.line == 1 or d.line == 7))
      and not (d.code == 'repeated-word' and d.line == 5) then
      others[#others + 1] = d
    end
  end
  check('seed 000: no other findings from the core rules', #others == 0, describe(others))
  if not ok then
    print('  diagnostics: ' .. describe(ds))
  end

  local syms, err = symbols(buf)
  check('seed 000: documentSymbol answered', syms ~= nil, err)
  syms = syms or {}
  check('seed 000: outline roots are the five sections', vim.deep_equal(names(syms), seed_sections),
    vim.inspect(names(syms)))
  local children_ok, detail_ok = true, true
  for _, s in ipairs(syms) do
    local kids = s.children or {}
    if #kids == 0 or not kids[1].name:find('^一是') then
      children_ok = false
    end
    if not (s.detail or ''):find('字') then
      detail_ok = false
    end
  end
  check('seed 000: each section has 一是… items as children', children_ok,
    vim.inspect(vim.tbl_map(function(s) return names(s.children) end, syms)))
  check('seed 000: section detail is its length in 字', detail_ok,
    vim.inspect(vim.tbl_map(function(s) return s.detail end, syms)))

  outline_loclist(buf, seed_sections)

  if mode == 'full' and rep then
    apply_action(buf, rep, function(a)
      return a.kind == 'quickfix' and (a.title or ''):find('删除', 1, true) ~= nil
    end)
    local fixed = wait(function()
      local line = vim.api.nvim_buf_get_lines(buf, 4, 5, false)[1]
      return not line:find('征集征集', 1, true) and line:find('征集', 1, true)
    end)
    check('seed 000: quick fix “删除…” removed the second 征集', fixed)
    local gone, after = wait_diags(buf, function(l)
      return find(l, 5, 'repeated-word') == nil and find(l, 1, 'placeholder') ~= nil
    end)
    check('seed 000: repeated-word diagnostic gone after the fix, placeholders kept', gone, describe(after))
  end
  return buf
end

-- Own fixture (Markdown) ----------------------------------------------------------------
local function fixture_case(path)
  local buf = open(path, 'markdown')
  local _, ds = wait_diags(buf, function(l)
    return find(l, 9, 'placeholder') and find(l, 9, 'repeated-word') and find(l, 17, 'misnumbered')
      and find(l, 21, 'unbalanced-quote')
  end)
  check('report.md: placeholder XX on line 9', find(ds, 9, 'placeholder', 'XX') ~= nil, describe(ds))
  local rep = find(ds, 9, 'repeated-word', '平台')
  check('report.md: repeated-word 平台平台 on line 9', rep ~= nil, describe(ds))
  local mis = find(ds, 17, 'misnumbered', '四是')
  check('report.md: misnumbered 四是 on line 17', mis ~= nil, describe(ds))
  check('report.md: unbalanced-quote on line 21', find(ds, 21, 'unbalanced-quote', '“') ~= nil, describe(ds))
  local core = 0
  for _, d in ipairs(ds) do
    if d.code == 'placeholder' or d.code == 'repeated-word' or d.code == 'misnumbered'
      or d.code == 'unbalanced-quote' or d.code == 'unbalanced-bracket' then
      core = core + 1
    end
  end
  check('report.md: exactly these four findings from the core rules', core == 4, describe(ds))

  local syms, err = symbols(buf)
  check('report.md: documentSymbol answered', syms ~= nil, err)
  syms = syms or {}
  local title = syms[1] or {}
  check('report.md: the title is the root', #syms == 1 and title.name == '某中心2024年度工作总结', vim.inspect(names(syms)))
  check('report.md: sections under the title',
    vim.deep_equal(names(title.children), { '一、主要工作完成情况', '二、存在的问题', '三、下一步工作打算' }),
    vim.inspect(names(title.children)))
  local first = (title.children or {})[1] or {}
  check('report.md: （一）（二） under 一、',
    vim.deep_equal(names(first.children), { '（一）业务工作稳步推进', '（二）队伍建设持续加强' }),
    vim.inspect(names(first.children)))

  if mode == 'full' and mis then
    apply_action(buf, mis, function(a)
      return a.kind == 'quickfix' and (a.title or ''):find('三是', 1, true) ~= nil
    end)
    local fixed = wait(function()
      local line = vim.api.nvim_buf_get_lines(buf, 16, 17, false)[1]
      return line:find('三是制度执行', 1, true) ~= nil
    end)
    check('report.md: quick fix renumbered 四是 → 三是', fixed,
      vim.api.nvim_buf_get_lines(buf, 16, 17, false)[1])
    local gone, after = wait_diags(buf, function(l)
      return find(l, 17, 'misnumbered') == nil
    end)
    check('report.md: misnumbered diagnostic gone after the fix', gone, describe(after))

    if rep then
      rep = find(after, 9, 'repeated-word') or rep
      apply_action(buf, rep, nil, { 'source.fixAll' })
      local all = wait(function()
        local line = vim.api.nvim_buf_get_lines(buf, 8, 9, false)[1]
        return not line:find('平台平台', 1, true)
      end)
      check('report.md: source.fixAll removed 平台平台', all, vim.api.nvim_buf_get_lines(buf, 8, 9, false)[1])
    end
  end
end

-- Settings (`settings.reportLsp`, pulled by the server via workspace/configuration, then
-- changed and pushed with workspace/didChangeConfiguration) --------------------------------
local function settings_case(path)
  vim.lsp.config('report_lsp', {
    settings = {
      reportLsp = {
        rules = { ['repeated-word'] = 'hint' },
        placeholder = { patterns = { '国土整治修复中心' } },
      },
    },
  })
  local buf = open(path, 'text')
  local _, ds = wait_diags(buf, function(l)
    return find(l, 1, 'placeholder', '国土整治修复中心') ~= nil and find(l, 5, 'repeated-word') ~= nil
  end)
  check('settings: placeholder.patterns flags 国土整治修复中心 on line 1', find(ds, 1, 'placeholder', '国土整治修复中心') ~= nil,
    describe(ds))
  local rep = find(ds, 5, 'repeated-word')
  check('settings: rules.repeated-word = "hint" gives a hint', rep ~= nil and rep.raw.severity == vim.diagnostic.severity.HINT,
    describe(ds))
  local xx = find(ds, 1, 'placeholder', 'XX')
  check('settings: XX still a warning', xx ~= nil and xx.raw.severity == vim.diagnostic.severity.WARN, describe(ds))

  local client = client_of(buf)
  client.settings = vim.tbl_deep_extend('force', client.settings, { reportLsp = { rules = { placeholder = 'off' } } })
  client:notify('workspace/didChangeConfiguration', { settings = client.settings })
  local ok, after = wait_diags(buf, function(l)
    for _, d in ipairs(l) do
      if d.code == 'placeholder' then
        return false
      end
    end
    return find(l, 5, 'repeated-word') ~= nil
  end)
  check('settings: didChangeConfiguration rules.placeholder = "off" removes the placeholders', ok, describe(after))
end

-- Pull diagnostics, workspace diagnostics and the silencing actions (issues 14 and 17),
-- in a copy of fixtures/workspace: a folder with a report-lsp.toml, an open report and
-- two that stay closed (往年/…txt, 述职/…md). -------------------------------------------------
local counts = { publish = 0, pull = 0, refresh = 0, progress = {} }

--- Counts what reaches the client: pushed diagnostics, pull answers, refresh requests.
local function count_traffic()
  local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(...)
    counts.publish = counts.publish + 1
    return publish(...)
  end
  local pull = vim.lsp.handlers['textDocument/diagnostic']
  vim.lsp.handlers['textDocument/diagnostic'] = function(...)
    counts.pull = counts.pull + 1
    return pull(...)
  end
  vim.api.nvim_create_autocmd('LspProgress', {
    callback = function(ev)
      local value = ev.data.params.value or {}
      counts.progress[#counts.progress + 1] = (value.title or '') .. ' ' .. (value.message or '')
    end,
  })
end

local function read_file(path)
  local f = io.open(path, 'r')
  if not f then
    return nil
  end
  local text = f:read('*a')
  f:close()
  return text
end

local function buffer_of(path)
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_get_name(b) == path then
      return b
    end
  end
end

--- The code action titles the server offers at d.
local function action_titles(buf, d)
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = d.raw.user_data.lsp.range,
    context = { diagnostics = { d.raw.user_data.lsp }, only = { 'quickfix' } },
  }
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, TIMEOUT) or {}
  local titles = {}
  for _, r in pairs(res) do
    for _, a in ipairs(r.result or {}) do
      titles[#titles + 1] = a.title
    end
  end
  return titles
end

local function features_case(dir)
  local report = dir .. '/本年工作总结.txt'
  local config = dir .. '/report-lsp.toml'
  local config_before = assert(read_file(config), 'no report-lsp.toml in ' .. dir)
  local buf = open(report, 'text')
  local client = client_of(buf)
  local refresh = client.handlers['workspace/diagnostic/refresh']
  check('the shipped config handles workspace/applyEdit and workspace/diagnostic/refresh',
    client.handlers['workspace/applyEdit'] ~= nil and refresh ~= nil
      and vim.tbl_get(client.capabilities, 'workspace', 'diagnostics', 'refreshSupport') == true)
  if refresh then
    client.handlers['workspace/diagnostic/refresh'] = function(...)
      counts.refresh = counts.refresh + 1
      return refresh(...)
    end
  end

  -- Pull: the server offers diagnostics to pull (and workspace diagnostics), the
  -- findings arrive in the pull namespace, and nothing is pushed.
  local provider = client.server_capabilities.diagnosticProvider
  check('pull: the server declares diagnosticProvider (identifier report-lsp, workspaceDiagnostics)',
    type(provider) == 'table' and provider.identifier == 'report-lsp' and provider.workspaceDiagnostics == true,
    vim.inspect(provider))
  local ok, ds = wait_diags(buf, function(l)
    return find(l, 7, 'unbalanced-quote') and find(l, 7, 'placeholder', 'XX') and find(l, 9, 'repeated-word', '完善')
      and find(l, 13, 'misnumbered', '四是')
  end)
  check('pull: 本年工作总结.txt has “ (7), XX (7), 完善 (9), 四是 (13)', ok, describe(ds))
  local pull_ns = vim.lsp.diagnostic.get_namespace(client.id, true)
  local push_ns = vim.lsp.diagnostic.get_namespace(client.id, false)
  check('pull: the findings are in the pull namespace, none in the push namespace',
    #vim.diagnostic.get(buf, { namespace = pull_ns }) == #ds and #ds >= 4
      and #vim.diagnostic.get(buf, { namespace = push_ns }) == 0,
    string.format('pull %d, push %d, all %d', #vim.diagnostic.get(buf, { namespace = pull_ns }),
      #vim.diagnostic.get(buf, { namespace = push_ns }), #ds))
  check('pull: textDocument/diagnostic answered, no textDocument/publishDiagnostics received',
    counts.pull > 0 and counts.publish == 0, vim.inspect(counts))
  for _, d in ipairs(ds) do
    local href = vim.tbl_get(d.raw, 'user_data', 'lsp', 'codeDescription', 'href') or ''
    if not href:find('docs/rules.md#' .. d.code, 1, true) then
      check('every diagnostic links to docs/rules.md#<rule>', false, d.code .. ': ' .. href)
      break
    end
  end

  -- Hover on a finding explains it.
  local rep = find(ds, 9, 'repeated-word', '完善')
  if rep then
    vim.api.nvim_win_set_cursor(0, { rep.line, rep.col })
    local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', vim.lsp.util.make_position_params(0, client.offset_encoding), TIMEOUT) or {}
    local value = ''
    for _, r in pairs(res) do
      value = vim.tbl_get(r, 'result', 'contents', 'value') or value
    end
    check('hover on 完善完善 names repeated-word, says why and how to silence it',
      value:find('repeated-word', 1, true) and value:find('依据', 1, true) and value:find('[[ignore]]', 1, true) ~= nil,
      value)
  end

  -- :ReportLspWorkspaceDiagnostics: the closed reports' findings, in the quickfix list.
  local closed_txt = dir .. '/往年/2023年度工作总结.txt'
  local closed_md = dir .. '/述职/馆长述职报告.md'
  vim.cmd('ReportLspWorkspaceDiagnostics')
  local qf_ok = wait(function()
    return vim.fn.getqflist({ title = 0 }).title == 'report-lsp: 工作区全部报告'
  end)
  check(':ReportLspWorkspaceDiagnostics fills the quickfix list', qf_ok, vim.inspect(vim.fn.getqflist({ title = 0 })))
  local qf = {}
  for _, item in ipairs(vim.fn.getqflist()) do
    qf[#qf + 1] = { file = vim.api.nvim_buf_get_name(item.bufnr), lnum = item.lnum, text = item.text }
  end
  local function has(file, lnum, pattern)
    for _, item in ipairs(qf) do
      if item.file == file and item.lnum == lnum and item.text:find(pattern) then
        return true
      end
    end
    return false
  end
  local qf_desc = vim.inspect(vim.tbl_map(function(i)
    return vim.fn.fnamemodify(i.file, ':t') .. ':' .. i.lnum .. ' ' .. i.text
  end, qf))
  check('workspace: closed 往年/2023年度工作总结.txt: ×× on line 5 and the repeated 二是 on line 9',
    has(closed_txt, 5, '××') and has(closed_txt, 9, '二是'), qf_desc)
  check('workspace: closed 述职/馆长述职报告.md: 《 on line 5 and 规定规定 on line 9',
    has(closed_md, 5, '《') and has(closed_md, 9, '规定规定'), qf_desc)
  local own = 0
  for _, item in ipairs(qf) do
    if item.file == report then
      own = own + 1
    end
  end
  check('workspace: the open report is listed once per finding (its own pull, no duplicates)', own == #ds,
    string.format('%d in the list, %d diagnostics', own, #ds))
  local closed_buf = buffer_of(closed_txt)
  check('workspace: the closed report stays unloaded, its findings are in vim.diagnostic',
    closed_buf ~= nil and not vim.api.nvim_buf_is_loaded(closed_buf) and #vim.diagnostic.get(closed_buf) == 2,
    closed_buf and tostring(#vim.diagnostic.get(closed_buf)) or 'no buffer')
  check('workspace: work-done progress “检查报告 n/N” reached the client', vim.iter(counts.progress):any(function(m)
    return m:find('检查报告 %d+/%d+') ~= nil
  end), vim.inspect(counts.progress))
  pcall(vim.cmd.cclose)

  -- 忽略此处 through vim.lsp.buf.code_action(): the server edits report-lsp.toml with
  -- workspace/applyEdit; the shipped config writes it; the finding goes, the rest stay.
  if rep then
    local titles = action_titles(buf, rep)
    check('code actions at 完善完善: 忽略此处, 在本文件中停用规则 repeated-word, 加入词表（不再提示“完善”）',
      vim.list_contains(titles, '忽略此处') and vim.list_contains(titles, '在本文件中停用规则 repeated-word')
        and vim.list_contains(titles, '加入词表（不再提示“完善”）'), vim.inspect(titles))
    local pulls = counts.pull
    apply_action(buf, rep, function(a)
      return a.title == '忽略此处'
    end)
    local written = wait(function()
      local text = read_file(config) or ''
      return text:find('[[ignore]]', 1, true) ~= nil
    end)
    local text = read_file(config) or ''
    check('忽略此处 wrote report-lsp.toml: [[ignore]] rule, text and file',
      written and text:find('rule = "repeated-word"', 1, true) and text:find('text = "完善"', 1, true)
        and text:find('file = "本年工作总结.txt"', 1, true) ~= nil, text)
    check('忽略此处 kept the comments and the settings already there',
      text:sub(1, #config_before) == config_before, text)
    local cbuf = buffer_of(config)
    check('report-lsp.toml is not left modified (nor loaded) in Neovim',
      cbuf == nil or not vim.api.nvim_buf_is_loaded(cbuf), cbuf and ('buffer ' .. cbuf .. ' modified=' .. tostring(vim.bo[cbuf].modified)))
    local gone, after = wait_diags(buf, function(l)
      return find(l, 9, 'repeated-word') == nil
    end)
    check('忽略此处: the repeated-word diagnostic is gone without an edit of the report', gone, describe(after))
    check('忽略此处: the other findings stay', find(after, 7, 'unbalanced-quote') and find(after, 7, 'placeholder', 'XX')
      and find(after, 13, 'misnumbered') ~= nil, describe(after))
    check('忽略此处: the report buffer is unchanged', not vim.bo[buf].modified)
    check('忽略此处: diagnostics pulled again (workspace/diagnostic/refresh), still nothing pushed',
      counts.pull > pulls and counts.refresh > 0 and counts.publish == 0, vim.inspect(counts))
    local cli = vim.system({ assert(os.getenv('REPORT_LSP_BIN')), 'check', '--format', 'json', '本年工作总结.txt' },
      { cwd = dir, text = true }):wait()
    local okj, found = pcall(vim.json.decode, cli.stdout or '')
    local rules = {}
    for _, f in ipairs(okj and found or {}) do
      rules[#rules + 1] = f.rule .. ':' .. f.line
    end
    table.sort(rules)
    check('report-lsp check agrees: no repeated-word, the others remain',
      okj and not vim.list_contains(rules, 'repeated-word:9') and vim.list_contains(rules, 'placeholder:7')
        and vim.list_contains(rules, 'unbalanced-quote:7') and vim.list_contains(rules, 'misnumbered:13'),
      vim.inspect(rules) .. ' ' .. (cli.stderr or ''))
  end

  -- 在本文件中停用规则 placeholder with report-lsp.toml open (unmodified) in a window: it
  -- is written and stays loaded.
  local xx = find(diags(buf), 7, 'placeholder', 'XX')
  if xx then
    local report_win = vim.api.nvim_get_current_win()
    vim.cmd('split ' .. vim.fn.fnameescape(config))
    local cbuf = vim.api.nvim_get_current_buf()
    vim.api.nvim_set_current_win(report_win)
    apply_action(buf, xx, function(a)
      return a.title == '在本文件中停用规则 placeholder'
    end)
    local ok2 = wait(function()
      return (read_file(config) or ''):find('rule = "placeholder"', 1, true) ~= nil
    end)
    local text = read_file(config) or ''
    check('在本文件中停用规则 placeholder wrote [[ignore]] rule = "placeholder" for this file', ok2
      and text:find('rule = "placeholder"\nfile = "本年工作总结.txt"', 1, true) ~= nil, text)
    check('the report-lsp.toml window shows the new text, saved (not modified)',
      vim.api.nvim_buf_is_loaded(cbuf) and not vim.bo[cbuf].modified
        and table.concat(vim.api.nvim_buf_get_lines(cbuf, 0, -1, false), '\n') .. '\n' == text,
      'modified=' .. tostring(vim.bo[cbuf].modified))
    local gone, after = wait_diags(buf, function(l)
      return find(l, 7, 'placeholder') == nil
    end)
    check('在本文件中停用规则 placeholder: the placeholder is gone, the quote finding stays',
      gone and find(after, 7, 'unbalanced-quote') ~= nil, describe(after))
  end

  -- Typing still updates the pulled diagnostics: 四是 → 三是.
  local before = counts.pull
  local line = vim.api.nvim_buf_get_lines(buf, 12, 13, false)[1]
  local s, e = line:find('四是', 1, true)
  if s then
    vim.api.nvim_buf_set_text(buf, 12, s - 1, 12, e, { '三是' })
    local gone, after = wait_diags(buf, function(l)
      return find(l, 13, 'misnumbered') == nil
    end)
    check('an edit is answered by a new pull: the misnumbered finding goes', gone and counts.pull > before, describe(after))
  end
  check('no textDocument/publishDiagnostics at all in this session', counts.publish == 0, vim.inspect(counts))
end

local ok, err = xpcall(function()
  if mode == 'features' then
    count_traffic()
    features_case(assert(os.getenv('REPORT_LSP_WORKSPACE'), 'set REPORT_LSP_WORKSPACE'))
    return
  end
  if mode == 'settings' then
    settings_case(assert(os.getenv('REPORT_LSP_SEED'), 'set REPORT_LSP_SEED'))
    return
  end
  seed_case(assert(os.getenv('REPORT_LSP_SEED'), 'set REPORT_LSP_SEED'))
  local fixture = os.getenv('REPORT_LSP_FIXTURE')
  if fixture and fixture ~= '' then
    fixture_case(fixture)
  end
end, debug.traceback)
check('no Lua error in the test', ok, err)
finish()
