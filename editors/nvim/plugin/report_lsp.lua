-- :ReportLspWorkspaceDiagnostics — the findings of every report under the workspace
-- folders, open or not (workspace/diagnostic), in vim.diagnostic and the quickfix list.
-- With !, the quickfix window is not opened.
if vim.g.loaded_report_lsp then
  return
end
vim.g.loaded_report_lsp = true

vim.api.nvim_create_user_command('ReportLspWorkspaceDiagnostics', function(args)
  require('report_lsp').workspace_diagnostics({ open = not args.bang })
end, {
  bang = true,
  desc = 'report-lsp: findings of every report in the workspace (workspace/diagnostic) in the quickfix list',
})
