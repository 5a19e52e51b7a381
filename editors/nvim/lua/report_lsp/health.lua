-- :checkhealth report_lsp — is the server there, does it run, is it attached?
--
-- Reports the binary (from the report_lsp client's `cmd`, else `report-lsp` on PATH),
-- its version, whether a report_lsp client is attached to the buffer you were in, and
-- the position encoding the client and server agreed on.
local M = {}

local health = vim.health
local NAME = 'report_lsp'

--- The buffer the user was in before :checkhealth opened its own window or tab.
local function user_buffer()
  local here = vim.api.nvim_get_current_buf()
  local candidates = {}
  local prev_win = vim.fn.win_getid(vim.fn.winnr('#'))
  if prev_win ~= 0 then
    candidates[#candidates + 1] = vim.api.nvim_win_get_buf(prev_win)
  end
  local prev_tab = vim.fn.tabpagenr('#')
  if prev_tab > 0 then
    local tab = vim.api.nvim_list_tabpages()[prev_tab]
    if tab then
      candidates[#candidates + 1] = vim.api.nvim_win_get_buf(vim.api.nvim_tabpage_get_win(tab))
    end
  end
  candidates[#candidates + 1] = vim.fn.bufnr('#')
  for _, buf in ipairs(candidates) do
    if buf > 0 and buf ~= here and vim.api.nvim_buf_is_valid(buf) and vim.bo[buf].buftype == '' then
      return buf
    end
  end
end

--- The client configuration: a running client's (what actually started), else the
--- resolved vim.lsp.config (Neovim 0.11+), else nil.
local function config_and_clients()
  local clients = vim.lsp.get_clients({ name = NAME })
  if clients[1] then
    return clients[1].config, clients
  end
  if vim.lsp.config ~= nil and type(vim.lsp.config) == 'table' then
    local ok, cfg = pcall(function()
      return vim.lsp.config[NAME]
    end)
    if ok and cfg then
      return cfg, clients
    end
  end
  return nil, clients
end

local function check_binary(config)
  health.start('report-lsp: server binary')
  local cmd = config and config.cmd or { 'report-lsp', 'serve' }
  local from = config and "the report_lsp client's cmd" or 'the default cmd (no report_lsp config found)'
  if type(cmd) == 'function' then
    health.info('cmd is a function (' .. from .. '): the binary cannot be checked from here.')
    return
  end
  local name = cmd[1]
  local exe = name and vim.fn.exepath(name) or ''
  if exe == '' then
    local where = (name and name:find('/', 1, true)) and 'is not an executable file'
      or 'is not an executable on PATH'
    health.error(string.format('report-lsp not found: %s (%s) %s.', vim.inspect(name), from, where), {
      'Download the release archive for your platform, unpack it and append its nvim/ directory to the '
        .. "runtimepath (the report_lsp config there uses the binary beside it), or put report-lsp on PATH.",
      "Or name the binary: vim.lsp.config('report_lsp', { cmd = { '/full/path/to/report-lsp', 'serve' } })",
      'PATH=' .. (vim.env.PATH or ''),
    })
    return
  end
  health.ok(string.format('binary: %s (%s: %s)', exe, from, table.concat(cmd, ' ')))

  local ok, result = pcall(function()
    return vim.system({ exe, '--version' }, { text = true }):wait(10000)
  end)
  if not ok then
    health.error('could not run ' .. exe .. ' --version: ' .. tostring(result))
    return
  end
  local version = vim.trim(result.stdout or '')
  if result.code == 0 and version:match('^report%-lsp ') then
    health.ok('version: ' .. version)
  else
    health.error(
      string.format('%s --version failed (exit %s): %s', exe, tostring(result.code), vim.trim((result.stderr or '') .. version)),
      { 'Is this the report-lsp binary for this platform? Download the archive for your system.' }
    )
  end
end

local function check_client(config, clients)
  health.start('report-lsp: client')
  if vim.fn.has('nvim-0.11') == 0 then
    health.info('Neovim ' .. tostring(vim.version()) .. ': start the server from a FileType autocommand (editors/nvim/README.md, "Neovim 0.10").')
  elseif not vim.lsp.is_enabled(NAME) and #clients == 0 then
    health.warn("report_lsp is not enabled.", { "Add vim.lsp.enable('report_lsp') to init.lua." })
  end

  local buf = user_buffer()
  if not buf then
    health.info('No file buffer to look at: open a report (.txt or .md) and run :checkhealth report_lsp again.')
    return
  end
  local label = string.format('buffer %d (%s, filetype %s)', buf,
    vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':~:.'), vim.bo[buf].filetype)
  local client = vim.lsp.get_clients({ name = NAME, bufnr = buf })[1]
  if not client then
    local filetypes = config and config.filetypes or { 'text', 'markdown' }
    if vim.tbl_contains(filetypes, vim.bo[buf].filetype) then
      health.error('report_lsp is not attached to ' .. label .. '.', {
        'See the binary check above, then the LSP log: :lua vim.cmd.edit(vim.lsp.get_log_path())',
      })
    else
      health.info(string.format('report_lsp is not attached to %s: it starts for filetypes %s.', label,
        table.concat(filetypes, ', ')))
    end
    return
  end
  health.ok(string.format('attached to %s: client %d, %s', label, client.id,
    client.root_dir and ('root ' .. client.root_dir) or 'no root (no report-lsp.toml or .git above the file)'))
  health.ok('position encoding: ' .. tostring(client.offset_encoding))
  local info = client.server_info
  if info and info.name then
    health.info('server: ' .. info.name .. (info.version and (' ' .. info.version) or ''))
  end
end

function M.check()
  local config, clients = config_and_clients()
  check_binary(config)
  check_client(config, clients)
end

return M
