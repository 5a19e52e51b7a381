-- `:checkhealth report_lsp` in headless Neovim, run by editors/test/run.sh:
--
--   REPORT_LSP_SEED=copy-of-seed-000.txt REPORT_LSP_EXPECT=ok|missing [REPORT_LSP_EXPECT_BIN=path] \
--     nvim --headless --clean -u editors/test/nvim/init-health.lua -l editors/test/nvim/health.lua NAME
--
-- ok: the binary is found (at REPORT_LSP_EXPECT_BIN when given), its version is shown,
-- the client is attached to the report with a position encoding, no ERROR, and the
-- report's diagnostics arrive. missing: an ERROR names the missing binary and says what
-- to do.
local name = (arg and arg[1]) or 'health'
local expect = assert(os.getenv('REPORT_LSP_EXPECT'), 'set REPORT_LSP_EXPECT=ok|missing')
local TIMEOUT = tonumber(os.getenv('REPORT_LSP_TIMEOUT_MS') or '') or 20000
local passed, failed = 0, 0

local function print(msg)
  io.stdout:write(msg, '\n')
end

local function check(what, ok, detail)
  if ok then
    passed = passed + 1
    print('ok - ' .. what)
  else
    failed = failed + 1
    print('FAIL - ' .. what .. (detail and (': ' .. detail) or ''))
  end
  return ok
end

local function finish()
  print(string.format('neovim (%s): %d passed, %d failed', name, passed, failed))
  io.stdout:flush()
  os.exit(failed == 0 and passed > 0 and 0 or 1)
end

local function has(lines, pattern)
  for _, l in ipairs(lines) do
    if l:find(pattern) then
      return l
    end
  end
end

local ok, err = xpcall(function()
  local seed = assert(os.getenv('REPORT_LSP_SEED'), 'set REPORT_LSP_SEED')
  vim.cmd.edit(vim.fn.fnameescape(seed))
  local buf = vim.api.nvim_get_current_buf()
  local client = function()
    return vim.lsp.get_clients({ bufnr = buf, name = 'report_lsp' })[1]
  end
  if expect == 'ok' then
    local attached = vim.wait(TIMEOUT, function()
      return client() ~= nil and client().initialized
    end, 50)
    check('report_lsp attached to the seed report', attached)
    local diagnosed = vim.wait(TIMEOUT, function()
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        if d.source == 'report-lsp' and d.code == 'placeholder' and d.lnum == 0 then
          return true
        end
      end
    end, 50)
    check('diagnostics arrive (placeholder on line 1)', diagnosed)
    -- The rest of the runtime files came along: the module the config's handlers use,
    -- and the user command.
    local rtp = assert(os.getenv('REPORT_LSP_RTP'))
    local found = vim.api.nvim_get_runtime_file('lua/report_lsp/init.lua', false)[1] or ''
    check('lua/report_lsp/init.lua is found in ' .. rtp, vim.startswith(found, rtp) and pcall(require, 'report_lsp'), found)
    check(':ReportLspWorkspaceDiagnostics is defined (plugin/report_lsp.lua)',
      vim.api.nvim_get_commands({}).ReportLspWorkspaceDiagnostics ~= nil)
  else
    -- Give the FileType autocommand its chance to (fail to) start a client.
    vim.wait(1000, function()
      return false
    end)
    check('no report_lsp client without the binary', client() == nil)
  end

  vim.cmd('checkhealth report_lsp')
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  print('  | ' .. table.concat(lines, '\n  | '))
  check(':checkhealth report_lsp ran our check', has(lines, 'report%-lsp: server binary') ~= nil)

  if expect == 'ok' then
    local bin = has(lines, 'OK binary: ')
    check('OK: the binary found', bin ~= nil)
    local want = os.getenv('REPORT_LSP_EXPECT_BIN')
    if want and want ~= '' then
      check('the binary is ' .. want, bin ~= nil and bin:find(want, 1, true) ~= nil, bin)
    end
    check('OK: its version (report-lsp x.y.z (revision))', has(lines, 'OK version: report%-lsp %d+%.%d+%.%d+ %(.+%)') ~= nil)
    check('OK: attached to the report buffer', has(lines, 'OK attached to buffer %d+ %(.*seed%-000%.txt, filetype text%)') ~= nil)
    check('OK: position encoding utf-8/16/32', has(lines, 'OK position encoding: utf%-%d+') ~= nil)
    check('no ERROR or WARNING', not has(lines, 'ERROR') and not has(lines, 'WARNING'), has(lines, 'ERROR') or has(lines, 'WARNING'))
  else
    local e = has(lines, 'ERROR report%-lsp not found: "report%-lsp"')
    check('ERROR: report-lsp not found, naming the command', e ~= nil and e:find('not an executable on PATH', 1, true) ~= nil, e)
    check('the advice says where to get it (release archive, PATH, cmd)',
      has(lines, 'release archive') ~= nil and has(lines, "vim.lsp.config%('report_lsp'") ~= nil and has(lines, 'PATH=') ~= nil)
    check('ERROR: not attached to the report buffer', has(lines, 'ERROR report_lsp is not attached to buffer') ~= nil)
    check('no OK for the binary', not has(lines, 'OK binary'))
  end
end, debug.traceback)
check('no Lua error in the test', ok, err)
finish()
