-- Neovim 0.7 as a real LSP client: open a file, attach the Defib server, wait for its
-- diagnostics, ask for code actions on the first one, write what came back as JSON, quit.
local file = os.getenv("DEFIB_FILE")
local out = os.getenv("DEFIB_OUT")
local python = os.getenv("DEFIB_PYTHON")
local result = { codes = {}, actions = {}, errors = {} }

vim.cmd("filetype on")
vim.cmd("edit " .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local published = nil

local client_id = vim.lsp.start_client({
  name = "defib",
  cmd = { python, "-m", "defib", "serve" },
  root_dir = vim.fn.fnamemodify(file, ":h"),
  init_options = { workspaceTrusted = false },
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, res, ctx, config)
      vim.lsp.diagnostic.on_publish_diagnostics(err, res, ctx, config)
      if res.uri == vim.uri_from_bufnr(bufnr) then
        published = res.diagnostics
      end
    end,
  },
  on_exit = function(code)
    result.exit_code = code
  end,
})
vim.lsp.buf_attach_client(bufnr, client_id)

vim.wait(30000, function() return published ~= nil end, 50)
for _, d in ipairs(published or {}) do
  table.insert(result.codes, d.code)
end
result.neovim_diagnostics = #vim.diagnostic.get(bufnr)

if published ~= nil and #published > 0 then
  local first = published[1]
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = first.range,
    context = { diagnostics = { first } },
  }, 10000)
  for _, response in pairs(responses or {}) do
    if response.error then
      table.insert(result.errors, response.error.message)
    end
    for _, action in ipairs(response.result or {}) do
      table.insert(result.actions, action.title)
    end
  end
end

vim.lsp.stop_client(client_id)
vim.wait(5000, function() return result.exit_code ~= nil end, 50)
local handle = io.open(out, "w")
handle:write(vim.fn.json_encode(result))
handle:close()
vim.cmd("qa!")
