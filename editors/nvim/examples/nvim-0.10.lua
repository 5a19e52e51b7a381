-- report-lsp for Neovim 0.10 (no vim.lsp.config/vim.lsp.enable there): start the server
-- from a FileType autocommand. Paste into init.lua, or `:source` this file.
-- Works unchanged on Neovim 0.11 too.
local cmd = vim.g.report_lsp_cmd or { 'report-lsp', 'serve' } -- or { '/full/path/to/report-lsp', 'serve' }

vim.api.nvim_create_autocmd('FileType', {
  group = vim.api.nvim_create_augroup('report_lsp', { clear = true }),
  pattern = { 'text', 'markdown' },
  callback = function(args)
    local root = vim.fs.root(args.buf, { 'report-lsp.toml', '.git' })
    vim.lsp.start({
      name = 'report_lsp',
      cmd = cmd,
      root_dir = root or vim.fs.dirname(vim.api.nvim_buf_get_name(args.buf)),
      settings = {
        reportLsp = vim.empty_dict(), -- e.g. { rules = { misnumbered = 'off' } }
      },
    }, { bufnr = args.buf })
  end,
})
