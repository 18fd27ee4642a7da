-- wrk script: POST a `get_document` tools/call to /mcp on every request.
-- Arguments (after `--`): ERA DOCUMENT_ID [SESSION_ID [BEARER_TOKEN]]
--   ERA = legacy  (session traffic: Mcp-Session-Id + MCP-Protocol-Version 2025-11-25)
--         modern  (2026-07-28: _meta envelope, MCP-Protocol-Version, Mcp-Method, Mcp-Name)
--         plain   (a bare JSON-RPC request, for the Hummingbird floor)
-- Every request gets a fresh id (a session refuses an id already in flight), and every response
-- is checked for the document's text so that errors cannot pass for throughput.
-- done() prints one machine-readable line: RESULT rps=… p50_us=… p99_us=… requests=… bad=… errors=…

local threads = {}
local next_thread = 0

function setup(thread)
    thread:set("thread_number", next_thread)
    next_thread = next_thread + 1
    table.insert(threads, thread)
end

local prefix, suffix, headers
local counter = 0
bad = 0

function init(args)
    local era, document_id, session, token = args[1], args[2], args[3], args[4]
    counter = thread_number * 1000000000
    local arguments = '"arguments":{"document_id":"' .. document_id .. '"}'
    headers = {
        ["Content-Type"] = "application/json",
        ["Accept"] = "application/json, text/event-stream",
    }
    if token and token ~= "" then
        headers["Authorization"] = "Bearer " .. token
    end
    local meta = ""
    if era == "legacy" then
        headers["Mcp-Session-Id"] = session
        headers["MCP-Protocol-Version"] = "2025-11-25"
    elseif era == "modern" then
        headers["MCP-Protocol-Version"] = "2026-07-28"
        headers["Mcp-Method"] = "tools/call"
        headers["Mcp-Name"] = "get_document"
        meta = ',"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",'
            .. '"io.modelcontextprotocol/clientCapabilities":{},'
            .. '"io.modelcontextprotocol/clientInfo":{"name":"wrk","version":"4"}}'
    end
    prefix = '{"jsonrpc":"2.0","id":'
    suffix = ',"method":"tools/call","params":{"name":"get_document",' .. arguments .. meta .. '}}'
end

function request()
    counter = counter + 1
    return wrk.format("POST", "/mcp", headers, prefix .. counter .. suffix)
end

function response(status, response_headers, body)
    if status ~= 200 or not string.find(body, "Benchmark document 1.", 1, true) then
        bad = bad + 1
    end
end

function done(summary, latency, requests)
    local total_bad = 0
    for _, thread in ipairs(threads) do
        total_bad = total_bad + thread:get("bad")
    end
    local errors = summary.errors
    local seconds = summary.duration / 1000000
    io.write(string.format(
        "RESULT rps=%.1f p50_us=%.1f p99_us=%.1f requests=%d bad=%d errors=%d\n",
        summary.requests / seconds, latency:percentile(50), latency:percentile(99), summary.requests, total_bad,
        errors.connect + errors.read + errors.write + errors.status + errors.timeout
    ))
end
