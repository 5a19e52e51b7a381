-- What Neovim's LSP client does not do by itself for report-lsp (used by
-- lsp/report_lsp.lua and plugin/report_lsp.lua):
--
-- * `workspace/applyEdit`: 忽略此处, 在本文件中停用规则 … and 加入词表 have the server edit
--   report-lsp.toml through workspace/applyEdit. Neovim applies the edit to a buffer
--   (loading it if needed) and leaves it modified and unsaved; the CLI and the next
--   session would not see it. `apply_edit` runs the default handler, then writes the
--   report-lsp.toml buffers the edit changed that had no unsaved changes before, and
--   unloads those that were loaded only for the edit. Other files (a fix-all edits the
--   report itself) are left as the default handler leaves them.
-- * `workspace/diagnostic/refresh`: Neovim 0.11 pulls diagnostics (textDocument/diagnostic)
--   but has no handler for the server's refresh request, so a changed configuration
--   (a setting, report-lsp.toml, 忽略此处) would show only after the next edit.
--   `refresh_diagnostics` pulls again for every buffer of the client.
-- * `workspace/diagnostic`: Neovim 0.11 never asks for it. `workspace_diagnostics()`
--   (`:ReportLspWorkspaceDiagnostics`) asks once and shows every report's findings, open
--   or not, in vim.diagnostic and the quickfix list.
local M = {}

local CONFIG_FILE = 'report-lsp.toml'

local function notify(msg, level)
  vim.notify('report-lsp: ' .. msg, level or vim.log.levels.INFO)
end

local function normalize(fname)
  return vim.fs.normalize(vim.fn.fnamemodify(fname, ':p'))
end

--- The buffer whose name is fname, without creating one.
local function find_buffer(fname)
  local want = normalize(fname)
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    local name = vim.api.nvim_buf_get_name(buf)
    if name ~= '' and normalize(name) == want then
      return buf
    end
  end
end

--- The files a workspace edit writes to: edited and created ones.
local function edited_files(edit)
  local files = {}
  for uri in pairs(edit.changes or {}) do
    files[#files + 1] = vim.uri_to_fname(uri)
  end
  for _, change in ipairs(edit.documentChanges or {}) do
    if change.kind == 'create' then
      files[#files + 1] = vim.uri_to_fname(change.uri)
    elseif change.kind == nil and change.textDocument then
      files[#files + 1] = vim.uri_to_fname(change.textDocument.uri)
    end
  end
  return files
end

--- Handler for `workspace/applyEdit` (see the top of this file). Its result is the
--- default handler's.
---@param err lsp.ResponseError?
---@param params lsp.ApplyWorkspaceEditParams
---@param ctx lsp.HandlerContext
function M.apply_edit(err, params, ctx, config)
  -- How each report-lsp.toml the edit touches was before it.
  local before = {}
  for _, fname in ipairs(edited_files((params or {}).edit or {})) do
    if vim.fs.basename(fname) == CONFIG_FILE and before[fname] == nil then
      local buf = find_buffer(fname)
      before[fname] = {
        existed = buf ~= nil,
        loaded = buf ~= nil and vim.api.nvim_buf_is_loaded(buf),
        modified = buf ~= nil and vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].modified,
        listed = buf ~= nil and vim.bo[buf].buflisted,
      }
    end
  end

  local default = assert(vim.lsp.handlers['workspace/applyEdit'], 'no default workspace/applyEdit handler')
  local result, rerr = default(err, params, ctx, config)
  if not (result and result.applied) then
    return result, rerr
  end

  for fname, was in pairs(before) do
    local buf = find_buffer(fname)
    -- Unsaved changes of the user's own: leave them to the user.
    if buf and not was.modified and vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].modified then
      local ok, werr = pcall(vim.api.nvim_buf_call, buf, function()
        vim.cmd('silent keepalt keepjumps write')
      end)
      if not ok then
        notify(string.format('could not write %s: %s', fname, werr), vim.log.levels.ERROR)
      elseif not was.loaded and #vim.fn.win_findbuf(buf) == 0 then
        if was.existed then
          -- Back to how it was: an unloaded buffer, listed or not.
          vim.api.nvim_buf_delete(buf, { unload = true })
          vim.bo[buf].buflisted = was.listed
        else
          vim.api.nvim_buf_delete(buf, {})
        end
      end
    end
  end
  return result, rerr
end

--- Pulls the diagnostics of every buffer the client is attached to, as Neovim does on
--- an edit.
---@param client vim.lsp.Client
function M.pull_all(client)
  for _, buf in ipairs(vim.lsp.get_buffers_by_client_id(client.id)) do
    if vim.api.nvim_buf_is_loaded(buf) then
      client:request('textDocument/diagnostic', {
        textDocument = vim.lsp.util.make_text_document_params(buf),
      }, nil, buf)
    end
  end
end

--- Handler for `workspace/diagnostic/refresh` (see the top of this file): Neovim's own
--- when it has one (0.12+), else pull again.
function M.refresh_diagnostics(err, params, ctx, config)
  local builtin = vim.lsp.handlers['workspace/diagnostic/refresh']
  if builtin then
    return builtin(err, params, ctx, config)
  end
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  if client then
    M.pull_all(client)
  end
  return vim.NIL
end

--- Sends `workspace/diagnostic` to each report_lsp client that offers it and shows the
--- findings of every report under the workspace folders: reports that are not open get
--- their diagnostics in vim.diagnostic (as if pulled for them; they show when you open
--- the file), open ones keep what their own pull said; then the quickfix list holds all
--- of them.
---@param opts? { open?: boolean, on_done?: fun(reports: table<string, lsp.Diagnostic[]>) }
---   open: open the quickfix window (default true); on_done: called with the findings
---   per file name once every client answered.
function M.workspace_diagnostics(opts)
  opts = opts or {}
  local clients = vim.tbl_filter(function(c)
    return c:supports_method('workspace/diagnostic')
  end, vim.lsp.get_clients({ name = 'report_lsp' }))
  if #clients == 0 then
    notify('no report_lsp client that offers workspace diagnostics (open a report first)', vim.log.levels.WARN)
    return
  end
  local pending = #clients
  local reports = {} ---@type table<string, lsp.Diagnostic[]>
  local namespaces = {}
  local function done()
    pending = pending - 1
    if pending > 0 then
      return
    end
    local items = {}
    for _, ns in ipairs(namespaces) do
      vim.list_extend(items, vim.diagnostic.toqflist(vim.diagnostic.get(nil, { namespace = ns })))
    end
    table.sort(items, function(a, b)
      local fa, fb = vim.api.nvim_buf_get_name(a.bufnr), vim.api.nvim_buf_get_name(b.bufnr)
      if fa ~= fb then
        return fa < fb
      end
      return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
    end)
    vim.fn.setqflist({}, ' ', { title = 'report-lsp: 工作区全部报告', items = items })
    local files = vim.tbl_count(reports)
    notify(string.format('%d 个问题，检查了 %d 个报告', #items, files))
    if opts.open ~= false then
      vim.cmd('botright copen')
    end
    if opts.on_done then
      opts.on_done(reports)
    end
  end
  for _, client in ipairs(clients) do
    local provider = client.server_capabilities.diagnosticProvider or {}
    namespaces[#namespaces + 1] = vim.lsp.diagnostic.get_namespace(client.id, true)
    client:request('workspace/diagnostic', {
      identifier = provider.identifier,
      previousResultIds = {},
    }, function(rerr, result)
      if rerr then
        notify('workspace/diagnostic failed: ' .. (rerr.message or vim.inspect(rerr)), vim.log.levels.ERROR)
      end
      if rerr == nil then
        -- Reports of an earlier run that this one does not list (deleted, moved,
        -- excluded): cleared, unless their own pull holds them.
        local listed = {}
        for _, report in ipairs((result or {}).items or {}) do
          listed[normalize(vim.uri_to_fname(report.uri))] = true
        end
        local ns = vim.lsp.diagnostic.get_namespace(client.id, true)
        for _, buf in ipairs(vim.api.nvim_list_bufs()) do
          local attached = vim.api.nvim_buf_is_loaded(buf) and vim.lsp.buf_is_attached(buf, client.id)
          local name = vim.api.nvim_buf_get_name(buf)
          if not attached and name ~= '' and not listed[normalize(name)] then
            vim.diagnostic.reset(ns, buf)
          end
        end
      end
      for _, report in ipairs((result or {}).items or {}) do
        local fname = vim.uri_to_fname(report.uri)
        local buf = find_buffer(fname)
        local own_pull = buf and vim.api.nvim_buf_is_loaded(buf) and vim.lsp.buf_is_attached(buf, client.id)
        if report.kind == 'full' then
          reports[fname] = report.items
          if not own_pull then
            vim.lsp.diagnostic.on_diagnostic(nil, { kind = 'full', items = report.items }, {
              method = 'textDocument/diagnostic',
              client_id = client.id,
              params = { textDocument = { uri = report.uri } },
            })
          end
        end
      end
      done()
    end)
  end
end

return M
