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

local ok, err = xpcall(function()
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
