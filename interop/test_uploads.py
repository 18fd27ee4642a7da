"""POST /mcp/v1/documents: multipart uploads through extraction, limits, sniffing, all-or-nothing."""

import json

from http_support import call_tool, multipart

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(32)


def upload(server, files=(), fields=(), headers=None):
    body, content_type = multipart(files, fields)
    return server.request("POST", "/mcp/v1/documents", body=body, headers={"Content-Type": content_type, **(headers or {})})


def document_count(server) -> int:
    status, _, reply = call_tool(server, "list_documents", {"limit": 1})
    assert status == 200, reply
    return reply["result"]["structuredContent"]["total_count"]


def test_several_files_in_one_request_become_documents(http_server):
    server = http_server()
    status, headers, body = upload(server, files=[
        ("notes.md", "text/markdown", b"# Release notes\n\nEverything changed."),
        ("record.json", "application/json", json.dumps({"title": "A record", "value": 3}).encode()),
        ("plain.txt", None, "caf\u00e9 au lait".encode()),
    ], fields=[("tags", "upload, interop"), ("x_batch", "7"), ("author", "Ada")])
    assert status == 201, body
    assert headers["content-type"] == "application/json"
    assert body["stored"] == 3
    files = body["files"]
    assert [f["filename"] for f in files] == ["notes.md", "record.json", "plain.txt"]
    assert [f["status"] for f in files] == ["stored"] * 3
    assert [f["detected_type"] for f in files] == ["text/markdown", "application/json", "text/plain"]
    assert [f["documents"][0]["title"] for f in files] == ["Release notes", "A record", "plain.txt"]

    # The same documents over MCP: one store, one truth.
    uuid = files[0]["documents"][0]["uuid"]
    status, _, reply = call_tool(server, "get_document", {"document_id": uuid})
    document = reply["result"]["structuredContent"]["document"]
    assert document["content"] == "# Release notes\n\nEverything changed."
    assert document["metadata"]["tags"] == ["upload", "interop"]
    assert document["metadata"]["author"] == "Ada"
    assert document["metadata"]["custom_metadata"]["x_batch"] == "7"
    assert document["metadata"]["source_type"] == "text/markdown"
    assert document_count(server) == 3


def test_a_single_file_takes_a_title_and_a_collection(http_server):
    server = http_server()
    status, _, reply = call_tool(server, "create_collection", {"name": "Inbox"})
    assert status == 200 and not reply["result"].get("isError"), reply
    collection_id = reply["result"]["structuredContent"]["collection_id"]
    status, _, body = upload(server, files=[("a.txt", "text/plain", b"alpha")], fields=[("title", "Chosen"), ("collection", "Inbox")])
    assert status == 201, body
    uuid = body["files"][0]["documents"][0]["uuid"]
    _, _, reply = call_tool(server, "get_document", {"document_id": uuid})
    metadata = reply["result"]["structuredContent"]["document"]["metadata"]
    assert metadata["title"] == "Chosen"
    assert metadata["collection_id"] == collection_id and metadata["position"] == 0


def test_a_binary_is_refused_by_its_content_and_nothing_is_stored(http_server):
    server = http_server()
    # Declared as text, named as text: the bytes are a PNG.
    status, headers, body = upload(server, files=[("fine.txt", "text/plain", b"fine"), ("photo.txt", "text/plain", PNG)])
    assert status == 415, body
    assert headers["content-type"] == "application/problem+json"
    assert body["status"] == 415 and body["stored"] == 0 and "nothing was stored" in body["detail"]
    assert [f["status"] for f in body["files"]] == ["not_stored", "rejected"]
    assert "PNG" in body["files"][1]["error"]["detail"]
    assert document_count(server) == 0


def test_invalid_json_is_unprocessable(http_server):
    server = http_server()
    status, _, body = upload(server, files=[("data.json", "application/json", b'{"unterminated": ')])
    assert status == 422, body
    assert "not valid JSON" in body["files"][0]["error"]["detail"]
    assert document_count(server) == 0


def test_size_limits_per_file_and_per_request(http_server):
    server = http_server("--max-upload-file-bytes", "1000", "--max-upload-bytes", "5000")
    status, _, body = upload(server, files=[("small.txt", None, b"small"), ("big.txt", None, b"x" * 1001)])
    assert status == 413, body
    assert body["files"][1]["status"] == "rejected" and body["files"][1]["size"] == 1001
    assert "1000" in body["files"][1]["error"]["detail"]
    status, _, body = upload(server, files=[(f"f{i}.txt", None, b"y" * 900) for i in range(8)])
    assert status == 413, body
    assert "5000" in body["detail"]
    # Exactly at the limit is fine.
    status, _, body = upload(server, files=[("edge.txt", None, b"z" * 1000)])
    assert status == 201, body
    assert document_count(server) == 1


def test_malformed_requests_get_clear_errors(http_server):
    server = http_server()
    status, _, body = server.request("POST", "/mcp/v1/documents", body={"content": "x"})
    assert status == 415 and "multipart/form-data" in body["detail"]
    status, _, body = upload(server, fields=[("title", "nothing attached")])
    assert status == 400 and "no files" in body["detail"]
    status, _, body = upload(server, files=[("a.txt", None, b"a")], fields=[("colour", "red")])
    assert status == 400 and "unknown field colour" in body["detail"]
    status, _, body = upload(server, files=[("a.txt", None, b"a"), ("b.txt", None, b"b")], fields=[("title", "One title")])
    assert status == 400 and "single file" in body["detail"]
    status, _, body = upload(server, files=[("a.txt", None, b"a")], fields=[("collection", "missing")])
    assert status == 404 and "missing" in body["detail"]
    status, _, body = upload(server, files=[("a.txt", None, b"a")], fields=[("metadata", '{"tags": "not-a-list"}')])
    assert status == 400 and "tags" in body["detail"]
    assert document_count(server) == 0


def test_one_file_can_hold_several_documents(http_server):
    server = http_server()
    status, _, body = upload(server, files=[
        ("people.csv", "text/csv", b"title,role\nAda,engineer\nGrace,admiral\n"),
        ("page.html", "text/html", b"<!doctype html><html><head><title>A page</title></head><body><p>Visible</p><script>x()</script></body></html>"),
    ])
    assert status == 201, body
    csv_file, html_file = body["files"]
    assert csv_file["detected_type"] == "text/csv" and len(csv_file["documents"]) == 2
    assert html_file["detected_type"] == "text/html" and html_file["documents"][0]["title"] == "A page"
    assert body["stored"] == 3 and document_count(server) == 3
    _, _, reply = call_tool(server, "get_document", {"document_id": html_file["documents"][0]["uuid"]})
    assert "x()" not in reply["result"]["structuredContent"]["document"]["content"]
