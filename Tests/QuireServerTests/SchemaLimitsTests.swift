import Foundation
import MCP
import MCPServer
import QuireStore
import Testing
@testable import QuireServer

/// String-length limits on the tool schemas, enforced by the dispatcher's schema validation.
@Suite struct SchemaLimitsTests {
    /// Every string-accepting schema under `schema` that lacks a bound, by path.
    static func unbounded(_ schema: JSONValue, path: String = "") -> [String] {
        guard case .object(let keywords) = schema else { return [] }
        var found: [String] = []
        let type = keywords["type"]
        let isString = type == "string" || (type?.arrayValue?.contains("string") ?? false)
        if isString, keywords["maxLength"] == nil, keywords["enum"] == nil, keywords["const"] == nil { found.append(path) }
        for (name, property) in keywords["properties"]?.objectValue ?? [:] { found += unbounded(property, path: path + "." + name) }
        if let items = keywords["items"] { found += unbounded(items, path: path + "[]") }
        for combinator in ["anyOf", "oneOf", "allOf"] {
            for alternative in keywords[combinator]?.arrayValue ?? [] { found += unbounded(alternative, path: path) }
        }
        return found
    }

    /// The `violations` of an `isError` tool result, as (field, message) pairs.
    static func violations(_ message: JSONRPCMessage?) -> [(field: String, message: String)] {
        guard case .response(let response)? = message, response.result["isError"] == true else { return [] }
        return (response.result["structuredContent"]?["error"]?["data"]?["violations"]?.arrayValue ?? []).map {
            ($0["field"]?.stringValue ?? "", $0["message"]?.stringValue ?? "")
        }
    }

    @Test func everyStringArgumentOfEveryToolIsBounded() async throws {
        try await withAnalyticsStore { store, _ in
            let definition = DocumentServer.definition(store: store)
            #expect(!definition.tools.isEmpty)
            for tool in definition.tools.tools {
                #expect(Self.unbounded(tool.inputSchema).isEmpty, "\(tool.name): \(Self.unbounded(tool.inputSchema))")
            }
        }
    }

    @Test func limitsFollowTheArgumentsName() {
        let content = 5_000
        #expect(SchemaLimits.maxLength(forArgument: "document_id", contentLength: content) == 128)
        #expect(SchemaLimits.maxLength(forArgument: "uuid", contentLength: content) == 128)
        #expect(SchemaLimits.maxLength(forArgument: "document_ids", contentLength: content) == 128)
        #expect(SchemaLimits.maxLength(forArgument: "title", contentLength: content) == 1024)
        #expect(SchemaLimits.maxLength(forArgument: "query", contentLength: content) == 4096)
        #expect(SchemaLimits.maxLength(forArgument: "content", contentLength: content) == content)
        #expect(SchemaLimits.maxLength(forArgument: "description", contentLength: content) == 64 * 1024)
        #expect(SchemaLimits.maxLength(forArgument: "add_members", contentLength: content) == 128)
        #expect(SchemaLimits.maxLength(forArgument: "target_collection", contentLength: content) == 1024)
        #expect(SchemaLimits.maxLength(forArgument: "start_time", contentLength: content) == 1024)
        #expect(SchemaLimits.maxLength(forArgument: "filters", contentLength: content) == 4096)
        let own: JSONValue = ["type": "object", "properties": ["code": ["type": "string", "maxLength": 5], "tags": ["type": "array", "items": ["type": "string"]]]]
        let limited = SchemaLimits.apply(to: own, contentLength: content)
        #expect(limited["properties"]?["code"]?["maxLength"] == 5, "a tool's own bound is kept")
        #expect(limited["properties"]?["tags"]?["items"]?["maxLength"] == 1024, "items take the list's name")
    }

    @Test func overlongArgumentsAreIsErrorResultsNamingTheField() async throws {
        try await withAnalyticsStore { store, _ in
            var options = DocumentServer.Options()
            options.maxContentLength = 2_000
            let harness = await AnalyticsHarness(store: store, options: options)
            func call(_ tool: String, _ arguments: JSONValue) async -> [(field: String, message: String)] {
                Self.violations(await harness.request("tools/call", ["name": .string(tool), "arguments": arguments]))
            }
            let longID = String(repeating: "d", count: 129)
            let idViolations = await call("get_document", ["document_id": .string(longID)])
            #expect(idViolations.map(\.field) == ["document_id"])
            #expect(idViolations.first?.message == "must be at most 128 characters long")

            #expect(await call("search_documents", ["query": .string(String(repeating: "q", count: 4097))]).map(\.field) == ["query"])
            #expect(await call("search_documents", ["query": .string(String(repeating: "q", count: 4096))]).isEmpty)

            let title = await call("add_document", ["content": "fine", "metadata": ["title": .string(String(repeating: "t", count: 1025))]])
            #expect(title.map(\.field) == ["metadata.title"])
            let content = await call("add_document", ["content": .string(String(repeating: "c", count: 2_001)), "metadata": ["title": "t"]])
            #expect(content.map(\.field) == ["content"])
            // Within every bound the call goes through.
            let added = await harness.request("tools/call", ["name": "add_document", "arguments": ["content": .string(String(repeating: "c", count: 2_000)), "metadata": ["title": "t"]]])
            guard case .response(let response)? = added else { Issue.record("no answer"); return }
            #expect(response.result["isError"] != true)
        }
    }
}
