import Foundation
import MCP
import MCPServer
import QuireStore
import Testing
@testable import QuireServer

/// The enhancement tools against a real store, with a fake client answering sampling requests.
@Suite struct EnhancementToolsTests {
    @Test func samplingAnswersAreParsedAndWrittenIntoTheRecord() async throws {
        try await EnhancementFixture.with { fixture in
            let id = try await fixture.add("draft", "Actors isolate state.")
            let client = FakeSamplingClient { prompt, _ in
                prompt.contains("JSON array") ? .text("- Actors\n- isolation\n- actors") : .text("**\"Actor Isolation Explained\"**")
            }
            let title = try await fixture.call("improve_title", ["document_id": .string(id)], context: client.context())
            #expect(title.structuredContent?["title"] == "Actor Isolation Explained")
            #expect(title.structuredContent?["language_model"]?["provider"] == "sampling")
            let tags = try await fixture.call("generate_tags", ["document_id": .string(id), "max_tags": 5], context: client.context())
            #expect(tags.structuredContent?["tags"] == ["Actors", "isolation"])

            let stored = try #require(try await fixture.store.get(uuid: id))
            #expect(stored.title == "Actor Isolation Explained")
            #expect(stored.tags == ["Actors", "isolation"])
            #expect(stored.textContent == "Actors isolate state.")
            // The prompt carried the document.
            #expect(client.received.first?.contains("Actors isolate state.") == true)
        }
    }

    @Test func aFailedModelLeavesTheRecordUntouched() async throws {
        try await EnhancementFixture.with { fixture in
            let id = try await fixture.add("original", "text")
            let declining = FakeSamplingClient { _, _ in .error(JSONRPCError(code: -1, message: "User rejected sampling request")) }
            await #expect(throws: ToolError.self) {
                try await fixture.call("improve_title", ["document_id": .string(id)], context: declining.context())
            }
            let unusable = FakeSamplingClient { _, _ in .text("I cannot help with that.") }
            do {
                _ = try await fixture.call("extract_metadata", ["document_id": .string(id), "schema": "year"], context: unusable.context())
                Issue.record("an answer without JSON must fail")
            } catch let error as ToolError {
                #expect(error.code == ContextFrameErrorCode.noLanguageModel)
                #expect(error.message.contains("no JSON object"))
            }
            let stored = try #require(try await fixture.store.get(uuid: id))
            #expect(stored.title == "original")
            #expect(stored.customMetadata.isEmpty)
        }
    }

    @Test func withoutAModelEachEraGetsItsOwnError() async throws {
        try await EnhancementFixture.with { fixture in
            let id = try await fixture.add("t", "text")
            let client = FakeSamplingClient { _, _ in .silence }
            let arguments: [String: JSONValue] = ["document_id": .string(id), "purpose": "p"]

            // Legacy, no sampling: -32005 naming both ways.
            do {
                _ = try await fixture.call("enhance_context", arguments, context: client.context(declaresSampling: false))
                Issue.record("expected an error")
            } catch let error as ToolError {
                #expect(error.code == -32005)
                #expect(error.message.contains("sampling") && error.message.contains("--llm-url"))
            }
            // 2026-07-28 without sampling: -32021 asking for it.
            do {
                _ = try await fixture.call("enhance_context", arguments, context: client.context(version: .v2026_07_28, declaresSampling: false))
                Issue.record("expected an error")
            } catch let error as JSONRPCError {
                #expect(error.code == -32021)
                #expect(error.data?["requiredCapabilities"] == ["sampling": [:]])
            }
            // 2026-07-28 with sampling declared: it cannot be used yet (no MRTR), so -32005.
            do {
                _ = try await fixture.call("enhance_context", arguments, context: client.context(version: .v2026_07_28))
                Issue.record("expected an error")
            } catch let error as ToolError {
                #expect(error.code == -32005)
                #expect(error.message.contains("--llm-url"))
            }
            #expect(client.received.isEmpty)
        }
    }

    @Test func enhanceForPurposeWritesOnlyTheRequestedFieldsInOneUpdate() async throws {
        try await EnhancementFixture.with { fixture in
            let id = try await fixture.add("t", "text")
            try await fixture.store.update(uuid: id) { $0.customMetadata = ["keep": "yes"]; $0.context = "old" }
            let client = FakeSamplingClient { _, _ in
                .text(#"```json{"context":"new","tags":["a"],"custom_metadata":{"audience":"ops","n":3,"gone":null}}```"#)
            }
            let before = try await fixture.store.storeVersion()
            let result = try await fixture.call(
                "enhance_for_purpose", ["document_id": .string(id), "purpose": "ops", "fields": ["tags", "custom_metadata"]],
                context: client.context()
            )
            #expect(result.structuredContent?["enhancements"] == ["tags": ["a"], "custom_metadata": ["audience": "ops", "n": 3]])
            #expect(try await fixture.store.storeVersion() == before + 1)
            let stored = try #require(try await fixture.store.get(uuid: id))
            #expect(stored.context == "old")
            #expect(stored.tags == ["a"])
            #expect(stored.customMetadata == ["keep": "yes", "audience": "ops", "n": "3"])
        }
    }

    @Test func aCancelledBatchKeepsFinishedItemsAndStopsBeforeTheNext() async throws {
        try await EnhancementFixture.with { fixture in
            let ids = [try await fixture.add("one", "a"), try await fixture.add("two", "b"), try await fixture.add("three", "c")]
            // The first document's request is answered; the second's never is.
            let client = FakeSamplingClient { _, count in count == 1 ? .text("Renamed") : .silence }
            let context = client.context()
            let arguments: [String: JSONValue] = [
                "document_ids": .array(ids.map(JSONValue.string)), "enhancements": ["title"], "batch_size": 1,
            ]
            let running = Task { try await fixture.call("batch_enhance", arguments, context: context) }
            var seen = client.requestsSeen.makeAsyncIterator()
            while let count = await seen.next(), count < 2 {}
            running.cancel()
            await #expect(throws: CancellationError.self) { try await running.value }
            let titles = try await ids.asyncMap { try await fixture.store.get(uuid: $0)?.title }
            #expect(titles == ["Renamed", "two", "three"])
            #expect(client.received.count == 2)
            #expect(await client.tracker.pendingCount == 0)
        }
    }

    @Test func batchReportsPerItemOutcomesAndRefusesOversizedFilters() async throws {
        try await EnhancementFixture.with { fixture in
            let ids = [try await fixture.add("one", "a"), try await fixture.add("two", "b")]
            let client = FakeSamplingClient { _, _ in .text(#"["x"]"#) }
            let result = try await fixture.call(
                "batch_enhance",
                ["document_ids": .array((ids + ["not-a-uuid"]).map(JSONValue.string)), "enhancements": ["tags", "tags"]],
                context: client.context()
            )
            let content = try #require(result.structuredContent)
            #expect(content["total_documents"] == 3)
            #expect(content["documents_enhanced"] == 2)
            #expect(content["documents_failed"] == 1)
            #expect(content["results"]?[2]?["error"]?["code"] == -32602)
            #expect(client.received.count == 2)  // repeated "tags" asked once per document

            do {
                _ = try await fixture.call(
                    "batch_enhance", ["filter": ["title": ["in": ["one", "two"]]], "enhancements": ["title"], "max_documents": 1],
                    context: client.context()
                )
                Issue.record("expected the filter to be refused")
            } catch let error as ToolError {
                #expect(error.message.contains("matches 2 documents"))
            }
            #expect(client.received.count == 2)
        }
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
