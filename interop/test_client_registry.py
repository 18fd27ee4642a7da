"""`quire mcp` registry commands: add/add-json/import/list/get/remove, validation messages, masking."""

import json
import os
import stat

from client_support import peers, quire, secret  # noqa: F401  (fixtures)


def test_add_http_with_auth_keeps_placeholders_and_masks_literals(quire):
    token = secret("literal-bearer-token-0123456789")
    quire.ok("add", "--auth", "bearer", "--token", token, "-H", "X-Org: acme", "-H", "X-Api-Secret: " + secret("hush-hush-value"), "remote", "https://mcp.example.com/mcp")
    quire.ok("add", "--auth", "bearer", "--token", "${GH_TOKEN}", "gh", "https://api.example.com/mcp")
    config_path = quire.home / "mcp.json"
    assert stat.S_IMODE(os.stat(config_path).st_mode) == 0o600
    config = json.loads(config_path.read_text())
    assert config["mcpServers"]["gh"] == {"type": "http", "url": "https://api.example.com/mcp", "auth": {"type": "bearer", "token": "${GH_TOKEN}"}}
    assert config_path.read_text().endswith("}\n")

    listing = quire.ok("list").stdout
    assert "remote  http  https://mcp.example.com/mcp  auth: bearer  headers: X-Api-Secret,X-Org" in listing
    as_json = json.loads(quire.ok("list", "--json").stdout)
    by_name = {item["name"]: item for item in as_json}
    assert by_name["remote"]["auth"]["token"] == "****6789"
    assert by_name["remote"]["headers"] == {"X-Org": "acme", "X-Api-Secret": "****alue"}
    assert by_name["gh"]["auth"]["token"] == "${GH_TOKEN}"
    got = json.loads(quire.ok("get", "remote", "--json").stdout)
    assert got["entry"]["auth"]["token"] == "****6789" and got["sync"]["synced"] is False


def test_add_stdio_with_env_and_exact_remove(quire):
    quire.ok("add", "-e", "API_TOKEN=" + secret("stdio-env-secret-value"), "-e", "MODE=fast", "git", "--", "git-mcp", "--flag")
    quire.ok("add", "github", "--", "github-mcp")
    entry = json.loads((quire.home / "mcp.json").read_text())["mcpServers"]["git"]
    assert entry == {"type": "stdio", "command": "git-mcp", "args": ["--flag"], "env": {"API_TOKEN": "stdio-env-secret-value", "MODE": "fast"}}
    listed = json.loads(quire.ok("list", "--json").stdout)
    git = next(item for item in listed if item["name"] == "git")
    assert git["env"] == {"API_TOKEN": "****alue", "MODE": "fast"}
    # Cached tools of both servers; removing `git` must not touch `github`.
    cache = quire.home / "cache" / "tools"
    cache.mkdir(parents=True)
    (cache / "git.json").write_text('{"tools": [{"name": "a"}]}')
    (cache / "github.json").write_text('{"tools": [{"name": "b"}]}')
    quire.ok("remove", "-f", "git")
    assert not (cache / "git.json").exists() and (cache / "github.json").exists()
    assert [item["name"] for item in json.loads(quire.ok("list", "--json").stdout)] == ["github"]
    refused = quire.run("remove", "github")
    assert refused.returncode == 2 and "Pass -f" in refused.stderr


def test_existing_name_needs_force(quire):
    quire.ok("add", "a", "https://a.example.com/mcp")
    again = quire.run("add", "a", "https://b.example.com/mcp")
    assert again.returncode == 2
    assert again.stderr.strip() == "quire: Server 'a' already exists; pass --force to replace it"
    quire.ok("add", "--force", "a", "https://b.example.com/mcp")


def test_validation_messages_from_every_path(quire):
    cases = [
        (["add", "bad name", "https://a/mcp"], "Invalid server name 'bad name': use letters, digits, '-' and '_' (1–64 characters)"),
        (["add", "-H", "NoColon", "x", "https://a/mcp"], 'Invalid header \'NoColon\': expected "Name: value"'),
        (["add", "-e", "NOEQUALS", "x", "--", "cmd"], "Invalid env 'NOEQUALS': expected KEY=VALUE"),
        (["add", "x", "ftp://a/mcp"], "Server 'x': 'url' must start with http:// or https://"),
        (["add", "-H", "Mcp-Session-Id: s", "x", "https://a/mcp"], "Server 'x': header 'Mcp-Session-Id' is set by the client and cannot be configured"),
        (["add", "--timeout", "900", "x", "https://a/mcp"], "Server 'x': 'timeout' cannot exceed 600 seconds"),
        (["add", "--auth", "basic", "--username", "a:b", "--password", "p", "x", "https://a/mcp"], "Server 'x': basic auth username cannot contain ':'"),
        (["add", "--auth", "bearer", "x", "https://a/mcp"], "Server 'x': bearer auth needs 'token'"),
        (["add-json", "x", '{"type": "websocket", "url": "https://a"}'], "Server 'x': unsupported type 'websocket'; use stdio, http (streamable-http) or sse"),
        (["add-json", "x", '{"command": "a", "url": "https://a"}'], "Server 'x': has both 'command' and 'url'; set 'type'"),
        (["add-json", "x", '{"url": "https://a", "auth": {"type": "digest"}}'], "Server 'x': unsupported auth type 'digest'; use bearer, api_key, basic or oauth"),
        (["import", '{"mcpServers": []}'], "'mcpServers' must be an object"),
        (["import", '{"nothing": 1}'], 'Expected {"mcpServers": {…}}, {"servers": {…}} or {"<name>": {…}}'),
        (["import", "/nonexistent/mcp.json"], "Config file not found: /nonexistent/mcp.json"),
    ]
    for args, message in cases:
        result = quire.run(*args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert result.stderr.strip() == f"quire: {message}", args
    assert not (quire.home / "mcp.json").exists()

    warned = quire.ok("add-json", "w", '{"url": "http://mcp.example.com/mcp", "colour": "red"}')
    assert "warning: Server 'w': unknown key 'colour' ignored" in warned.stderr
    assert "warning: Server 'w': plain http to non-local host mcp.example.com; use https" in warned.stderr

    (quire.home / "mcp.json").write_text('{"mcpServers": {\n  "a": {,}\n}}')
    broken = quire.run("list")
    assert broken.returncode == 2 and f"Invalid JSON in {quire.home / 'mcp.json'} at line 2, column" in broken.stderr


def test_import_accepts_vscode_and_claude_desktop_formats(quire, tmp_path):
    claude = tmp_path / "claude_desktop_config.json"
    claude.write_text(json.dumps({"mcpServers": {"files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]}}}))
    vscode = '{"servers": {"remote": {"type": "streamable-http", "url": "https://r.example.com/mcp"}, "cursorish": {"url": "https://c.example.com/mcp"}}}'
    imported = quire.ok("import", str(claude), vscode)
    assert "added files" in imported.stdout and "added remote" in imported.stdout and "sync" in imported.stdout
    config = json.loads((quire.home / "mcp.json").read_text())["mcpServers"]
    assert config["remote"]["type"] == "http" and config["cursorish"]["type"] == "http" and config["files"]["type"] == "stdio"
    inputs = quire.run("import", '{"inputs": [{"id": "tok"}], "servers": {"x": {"url": "https://x/mcp", "headers": {"A": "${input:tok}"}}}}')
    assert inputs.returncode == 2 and "inputs" in inputs.stderr
    # add-json takes a whole Claude Desktop config holding that server too.
    quire.ok("add-json", "files2", claude.read_text().replace('"files"', '"files2"'))
    assert json.loads((quire.home / "mcp.json").read_text())["mcpServers"]["files2"]["command"] == "npx"


def test_project_scope_overrides_user_scope(quire):
    quire.ok("add", "srv", "https://user.example.com/mcp")
    quire.ok("add", "-s", "project", "srv", "https://project.example.com/mcp")
    assert (quire.cwd / ".mcp.json").exists()
    listed = json.loads(quire.ok("list", "--json").stdout)
    assert listed == [{"name": "srv", "scope": "project", "type": "http", "url": "https://project.example.com/mcp"}]


def test_missing_variables_are_named_together_at_use_time(quire):
    quire.ok("add-json", "github", '{"url": "https://${GH_HOST:-api.example.com}/mcp", "headers": {"X-Org": "${GITHUB_ORG}"}, "auth": {"type": "bearer", "token": "${GITHUB_TOKEN}"}}')
    env = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ORG", "GITHUB_TOKEN")}
    quire.env = {**env, "QUIRE_HOME": str(quire.home)}
    result = quire.run("call", "github", "anything")
    assert result.returncode == 2
    assert result.stderr.strip() == "quire: Server 'github': missing environment variable(s): GITHUB_ORG, GITHUB_TOKEN. Export them or write ${NAME:-default}."
    sync = quire.run("sync", "github")
    assert sync.returncode == 2 and "✗ github: Server 'github': missing environment variable(s)" in sync.stdout


def test_unknown_server_and_usage(quire):
    quire.ok("add", "github", "https://a.example.com/mcp")
    missing = quire.run("get", "git")
    assert missing.returncode == 2 and "No server named 'git'" in missing.stderr
    both = quire.run("sync", "github", "--all")
    assert both.returncode == 2 and "exactly one of NAME or --all" in both.stderr
    assert "not synced" in quire.ok("tools").stdout
