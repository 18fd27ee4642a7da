"""A real browser (headless Chromium) against the server: EventSource cross-origin under a
configured CORS origin, and a fetch-streaming reader with an Authorization header.

The pages are served by a Python http.server on another loopback port (another origin). They
write what they received into the DOM, which the test reads over the DevTools protocol.
Skipped, with the reason shown, only when no chromium is installed (scripts/test installs it).
"""

import http.server
import json
import threading

import pytest

from browser_support import Browser, find_chromium

EVENT_SOURCE_PAGE = """<!doctype html><html><body><pre id="out">waiting</pre><script>
const out = document.getElementById('out');
window.done = new Promise(resolve => {
  const source = new EventSource('http://127.0.0.1:%(port)d/sse');
  source.addEventListener('endpoint', event => { out.textContent = 'endpoint ' + event.data; source.close(); resolve(); });
  source.onerror = () => { out.textContent = 'error'; source.close(); resolve(); };
});
</script></body></html>"""

FETCH_STREAM_PAGE = """<!doctype html><html><body><pre id="out">waiting</pre><script>
const out = document.getElementById('out');
const endpoint = 'http://127.0.0.1:%(port)d/mcp';
const post = (headers, body) => fetch(endpoint, {method: 'POST', headers, body: JSON.stringify(body)});
window.done = (async () => {
  const base = {'Authorization': 'Bearer x', 'Content-Type': 'application/json', 'Accept': 'application/json, text/event-stream'};
  const init = await post(base, {jsonrpc: '2.0', id: 0, method: 'initialize', params: {
    protocolVersion: '2025-11-25', capabilities: {}, clientInfo: {name: 'browser', version: '1'}}});
  const session = init.headers.get('Mcp-Session-Id');
  if (!session) throw new Error('Mcp-Session-Id is not exposed to the page');
  const headers = {...base, 'Mcp-Session-Id': session, 'MCP-Protocol-Version': '2025-11-25'};
  await post(headers, {jsonrpc: '2.0', method: 'notifications/initialized'});
  const response = await post(headers, {jsonrpc: '2.0', id: 1, method: 'tools/call', params: {
    name: 'list_documents', arguments: {}, _meta: {progressToken: 'browser-1'}}});
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '', chunks = 0;
  for (;;) {
    const {value, done} = await reader.read();
    if (done) break;
    chunks += 1;
    text += decoder.decode(value, {stream: true});
  }
  const messages = text.split('\\n').filter(line => line.startsWith('data: ') && line.length > 6).map(line => JSON.parse(line.slice(6)));
  const reply = messages.find(message => message.id === 1);
  out.textContent = JSON.stringify({
    contentType: response.headers.get('Content-Type'), chunks, total: reply.result.structuredContent.total_count,
  });
})().catch(error => { out.textContent = 'error: ' + error; });
</script></body></html>"""


@pytest.fixture
def browser():
    executable = find_chromium()
    if executable is None:
        pytest.skip("chromium is not installed and could not be installed with apt-get (scripts/test tries); browser tests skipped")
    instance = Browser(executable)
    yield instance
    instance.close()


@pytest.fixture
def page_server():
    """A static page server on its own loopback port: the pages' origin."""
    pages: dict[str, str] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path)
            if body is None:
                self.send_error(404)
                return
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.pages = pages
    server.origin = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()
    thread.join(10)


def read_page(browser, page_server, path: str, html: str) -> str:
    page_server.pages[path] = html
    browser.open(page_server.origin + path)
    return browser.evaluate("window.done.then(() => document.getElementById('out').textContent)")


def test_event_source_works_cross_origin_under_a_configured_cors_origin(browser, page_server, http_server):
    server = http_server("--cors-origin", page_server.origin)
    text = read_page(browser, page_server, "/sse.html", EVENT_SOURCE_PAGE % {"port": server.port})
    assert text.startswith("endpoint /messages?sessionId="), text

    # The same page against a server that grants this origin nothing: the browser refuses.
    closed = http_server()
    text = read_page(browser, page_server, "/sse-refused.html", EVENT_SOURCE_PAGE % {"port": closed.port})
    assert text == "error"


def test_fetch_streaming_with_an_authorization_header_reads_sse_from_post_mcp(browser, page_server, http_server):
    server = http_server("--cors-origin", page_server.origin)
    text = read_page(browser, page_server, "/fetch.html", FETCH_STREAM_PAGE % {"port": server.port})
    assert not text.startswith("error"), text
    result = json.loads(text)
    assert result["contentType"].startswith("text/event-stream")
    assert result["total"] == 0 and result["chunks"] >= 1
