import Foundation
import MCP
import MCPServer
import QuireStore
import Testing
@testable import QuireServer

@Suite struct BatchCancellationTests {
    /// The sink runs inside the tool's own task, so cancelling the current task there cancels the
    /// call at an exact, known point: after the Nth item's progress report.
    static func cancelAt(_ count: Double) -> BatchMessages {
        BatchMessages { progress in
            if progress >= count { withUnsafeCurrentTask { $0?.cancel() } }
        }
    }

    static func documents(_ count: Int) -> JSONValue {
        .array((0..<count).map { index in ["content": .string("body \(index)"), "metadata": ["title": .string("Doc \(index)")]] })
    }

    @Test func aCancelledPerItemAddKeepsExactlyTheItemsReportedDone() async throws {
        try await BatchHarness.with { harness in
            let messages = Self.cancelAt(10)
            let session = await harness.session(messages)
            let reply = await harness.call("batch_add", ["documents": Self.documents(50), "atomic": false], session: session, messages: messages, progressToken: true)
            #expect(reply == nil, "a cancelled request gets no response")
            #expect(try await harness.store.count() == 10)
            let log = try #require(messages.notifications.first { $0.method == "notifications/message" })
            #expect(log.params?["level"] == "notice")
            #expect(log.params?["data"]?["event"] == "cancelled")
            #expect(log.params?["data"]?["tool"] == "batch_add")
            #expect(log.params?["data"]?["documents_added"] == 10)
            #expect(log.params?["data"]?["items_processed"] == 10)
            let reported = Set(log.params?["data"]?["document_ids"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            let stored = Set(try await harness.store.list(limit: 100, offset: 0).documents.map(\.uuid))
            #expect(reported == stored)
        }
    }

    @Test func aCancelledUpdateStopsBetweenDocuments() async throws {
        try await BatchHarness.with { harness in
            #expect(await harness.call("batch_add", ["documents": Self.documents(30)])?["documents_added"] == 30)
            let messages = Self.cancelAt(5)
            let session = await harness.session(messages)
            let reply = await harness.call(
                "batch_update", ["filter": ["title": ["contains": "Doc"]], "updates": ["metadata_updates": ["status": "done"]]],
                session: session, messages: messages, progressToken: true
            )
            #expect(reply == nil)
            #expect(try await harness.store.count(filter: .compare(.field(.status), .eq, .string("done"))) == 5)
            let data = try #require(messages.notifications.first { $0.method == "notifications/message" }?.params?["data"])
            #expect(data["documents_updated"] == 5)
            #expect(data["total_documents"] == 30)
        }
    }

    @Test func anAtomicAddCancelledBeforeItsTransactionStoresNothing() async throws {
        try await BatchHarness.with { harness in
            let messages = BatchMessages()
            let session = await harness.session(messages)
            let task = Task { await harness.call("batch_add", ["documents": Self.documents(20)], session: session, messages: messages) }
            task.cancel()
            let reply = await task.value
            #expect(reply == nil)
            let count = try await harness.store.count()
            #expect(count == 0)
        }
    }
}

@Suite struct BatchToolTests {
    @Test func everyBatchToolIsListedWithAnOutputSchema() async throws {
        try await BatchHarness.with { harness in
            let names = harness.dispatcher.definition.tools.tools.map(\.name)
            for name in ["batch_search", "batch_add", "batch_update", "batch_delete", "batch_extract", "batch_export", "batch_import", "extract_from_file"] {
                #expect(names.contains(name), "\(name)")
                #expect(harness.dispatcher.definition.tools[name]?.tool.outputSchema != nil)
            }
            #expect(harness.dispatcher.definition.tools["batch_delete"]?.tool.annotations?.destructiveHint == true)
        }
    }

    @Test func anAtomicAddWithOneBadItemStoresNothingAndNamesIt() async throws {
        try await BatchHarness.with { harness in
            let result = try #require(await harness.call("batch_add", [
                "documents": [["content": "ok", "metadata": ["title": "A"]], ["content": "no title"], ["content": "ok", "metadata": ["title": "C"]]],
            ]))
            #expect(result["success"] == false)
            #expect(result["documents_added"] == 0)
            #expect(result["errors"]?[0]?["index"] == 1)
            #expect(result["errors"]?[0]?["error"]?["message"]?.stringValue?.contains("documents[1]: metadata.title") == true)
            #expect(result["results"]?[0]?["skipped"] == true)
            #expect(try await harness.store.count() == 0)
        }
    }

    @Test func anAtomicAddRefusedByTheStoreStoresNothing() async throws {
        try await BatchHarness.with { harness in
            let result = try #require(await harness.call("batch_add", [
                "documents": [["content": "a", "metadata": ["title": "A"]], ["content": "b", "metadata": ["title": "B", "cid": "not-a-cid"]]],
            ]))
            #expect(result["success"] == false)
            #expect(try await harness.store.count() == 0)
        }
    }

    @Test func aPerItemAddStoresTheGoodItemsAndChunksWithSharedSettings() async throws {
        try await BatchHarness.with { harness in
            let result = try #require(await harness.call("batch_add", [
                "documents": [
                    ["content": .string(String(repeating: "word ", count: 60)), "metadata": ["title": "Long", "custom_metadata": ["own": "1"]]],
                    ["content": "bad", "metadata": ["status": 5]],
                    ["content": "short", "metadata": ["title": "Short"], "embedding": [1, 0, 0, 0]],
                ],
                "shared_settings": ["chunk_size": 100, "metadata": ["author": "Ada", "custom_metadata": ["shared": "yes"]]],
                "atomic": false,
            ]))
            #expect(result["success"] == false)
            #expect(result["documents_failed"] == 2)
            #expect(result["results"]?[1]?["success"] == false)
            #expect(result["results"]?[2]?["success"] == false, "an embedding with chunk_size is refused")
            let chunks = try #require(result["results"]?[0]?["document_ids"]?.arrayValue)
            #expect(chunks.count == 3)
            #expect(result["documents_added"] == 3)
            let first = try #require(try await harness.store.get(uuid: chunks[0].stringValue ?? ""))
            #expect(first.author == "Ada")
            #expect(first.customMetadata["shared"] == "yes" && first.customMetadata["own"] == "1" && first.customMetadata["total_chunks"] == "3")
            #expect(try await harness.store.count() == 3)
        }
    }

    @Test func updatesApplyMetadataThenTheTemplate() async throws {
        try await BatchHarness.with { harness in
            let added = try #require(await harness.call("batch_add", ["documents": [
                ["content": "one", "metadata": ["title": "One", "custom_metadata": ["n": "1"]]],
                ["content": "two", "metadata": ["title": "Two", "custom_metadata": ["n": "2"]]],
            ]])?["document_ids"]?.arrayValue)
            let missing = "00000000-0000-4000-8000-000000000000"
            let result = try #require(await harness.call("batch_update", [
                "document_ids": .array(added + [.string(missing), "not-a-uuid"]),
                "updates": ["metadata_updates": ["status": "reviewed"], "content_template": "[{metadata.status}] {title} #{metadata.n}: {content}"],
            ]))
            #expect(result["documents_updated"] == 2)
            #expect(result["documents_failed"] == 2)
            #expect(result["total_documents"] == 4)
            #expect(result["errors"]?[0]?["error"]?["code"] == .int(ContextFrameErrorCode.recordNotFound))
            let one = try #require(try await harness.store.get(uuid: added[0].stringValue ?? ""))
            #expect(one.textContent == "[reviewed] One #1: one")
            #expect(one.status == "reviewed")
        }
    }

    @Test func tooManyMatchesForMaxDocumentsChangesNothing() async throws {
        try await BatchHarness.with { harness in
            _ = await harness.call("batch_add", ["documents": BatchCancellationTests.documents(5)])
            let result = try #require(await harness.call("batch_update", ["filter": "title IS NOT NULL", "updates": ["metadata_updates": ["status": "x"]], "max_documents": 3]))
            #expect(result["error"]?["message"]?.stringValue?.contains("5 documents match, over max_documents (3)") == true)
            #expect(try await harness.store.count(filter: .compare(.field(.status), .eq, .string("x"))) == 0)
        }
    }

    @Test func deleteIsADryRunUnlessToldAndChecksConfirmCount() async throws {
        try await BatchHarness.with { harness in
            _ = await harness.call("batch_add", ["documents": BatchCancellationTests.documents(4)])
            let filter: JSONValue = ["title": ["in": ["Doc 0", "Doc 1", "Doc 2"]]]
            let dry = try #require(await harness.call("batch_delete", ["filter": filter]))
            #expect(dry["dry_run"] == true && dry["documents_to_delete"] == 3)
            #expect(try await harness.store.count() == 4)
            let wrong = try #require(await harness.call("batch_delete", ["filter": filter, "dry_run": false, "confirm_count": 2]))
            #expect(wrong["error"]?["message"]?.stringValue?.contains("confirm_count is 2 but 3 documents match; nothing was deleted") == true)
            #expect(try await harness.store.count() == 4)
            let real = try #require(await harness.call("batch_delete", ["filter": filter, "dry_run": false, "confirm_count": 3]))
            #expect(real["documents_deleted"] == 3 && real["success"] == true)
            #expect(try await harness.store.count() == 1)
            let empty = try #require(await harness.call("batch_delete", ["filter": [:], "dry_run": false]))
            #expect(empty["error"]?["code"] == .int(ContextFrameErrorCode.filterError))
        }
    }

    @Test func searchesRunInParallelAndAnswerInOrder() async throws {
        try await BatchHarness.with { harness in
            _ = await harness.call("batch_add", ["documents": [
                ["content": "apples and pears", "metadata": ["title": "Fruit"]], ["content": "carrots", "metadata": ["title": "Veg"]],
            ]])
            let result = try #require(await harness.call("batch_search", [
                "queries": [
                    ["query": "apples", "search_type": "text"], ["query": "carrots", "search_type": "text"],
                    ["query": "x", "search_type": "bogus"], ["query": "pears", "search_type": "vector"],
                ],
                "max_parallel": 2,
            ]))
            #expect(result["searches_completed"] == 2 && result["searches_failed"] == 2)
            #expect(result["results"]?[0]?["results"]?[0]?["metadata"]?["title"] == "Fruit")
            #expect(result["results"]?[1]?["results"]?[0]?["metadata"]?["title"] == "Veg")
            #expect(result["results"]?[2]?["error"]?["code"] == .int(ContextFrameErrorCode.invalidSearchType))
            #expect(result["results"]?[3]?["error"]?["code"] == .int(ContextFrameErrorCode.embeddingError))
        }
    }

    @Test func fileToolsWithoutRootsSayHowToEnableThem() async throws {
        try await withExtractionFolder { folder in
            let store = try DocumentStore.open(path: folder + "/s.db", options: StoreOptions(embeddingDimension: 4))
            let dispatcher = Dispatcher(definition: DocumentServer.definition(store: store))
            let harness = BatchHarness(store: store, dispatcher: dispatcher, folder: folder)
            for (tool, arguments) in [
                ("extract_from_file", ["file_path": "a.md"] as JSONValue), ("batch_extract", ["directory": "."]),
                ("batch_export", ["format": "jsonl", "output_path": "x.jsonl", "limit": 1]), ("batch_import", ["source_path": "x.jsonl", "format": "jsonl"]),
            ] {
                let message = await harness.call(tool, arguments)?["error"]?["message"]?.stringValue
                #expect(message?.contains("start the server with --files-root") == true, "\(tool): \(message ?? "nil")")
            }
        }
    }

    @Test func extractionRefusesEscapesThroughTheTool() async throws {
        try await BatchHarness.with { harness in
            try writeFile(harness.folder + "/../secret.txt", "secret")
            try FileManager.default.createSymbolicLink(atPath: harness.folder + "/link.txt", withDestinationPath: harness.folder + "/../secret.txt")
            for (path, fragment) in [("../secret.txt", "may not contain '..'"), ("link.txt", "leads outside the files roots"), ("/etc/hostname", "outside the files roots")] {
                let error = await harness.call("extract_from_file", ["file_path": .string(path)])?["error"]
                #expect(error?["message"]?.stringValue?.contains(fragment) == true, "\(path): \(String(describing: error))")
            }
            #expect(try await harness.store.count() == 0)
        }
    }

    @Test func exportThenImportRestoresDocumentsInAnotherStore() async throws {
        try await BatchHarness.with { harness in
            _ = await harness.call("batch_add", ["documents": .array((0..<250).map { index in
                ["content": .string("text \(index)"), "metadata": ["title": .string("T\(index)"), "tags": ["t"]], "embedding": [.double(Double(index)), 1, 0, 0]]
            })])
            let chunked = try #require(await harness.call("batch_export", ["format": "json", "output_path": "out/all.json", "limit": 1000, "chunk_size": 100]))
            #expect(chunked["error"]?["message"]?.stringValue?.contains("does not exist") == true, "the folder must exist")
            try FileManager.default.createDirectory(atPath: harness.folder + "/out", withIntermediateDirectories: true)
            let json = try #require(await harness.call("batch_export", ["format": "json", "output_path": "out/all.json", "limit": 1000, "chunk_size": 100]))
            #expect(json["files_created"] == 3 && json["documents_exported"] == 250)
            #expect(json["output_files"]?[2]?.stringValue?.hasSuffix("/out/all_chunk_2.json") == true)
            let jsonl = try #require(await harness.call("batch_export", ["format": "jsonl", "output_path": "out/all.jsonl", "filter": "title IS NOT NULL", "include_embeddings": true]))
            #expect(jsonl["documents_exported"] == 250)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: harness.folder + "/out").filter { $0.hasPrefix(".") }
            #expect(leftovers.isEmpty)
            let parquet = await harness.call("batch_export", ["format": "parquet", "output_path": "x.parquet", "limit": 1])
            #expect(parquet?["error"]?["message"]?.stringValue?.contains("parquet is not supported") == true)

            // The same file into the same store: every record is a duplicate, reported per item.
            let again = try #require(await harness.call("batch_import", ["source_path": "out/all.jsonl", "format": "jsonl", "validation": ["max_errors": 1000]]))
            #expect(again["documents_imported"] == 0 && again["documents_failed"] == 250)
            #expect(again["errors"]?.arrayValue?.count == 10)
            #expect(try await harness.store.count() == 250)

            try await BatchHarness.with { other in
                try FileManager.default.copyItem(atPath: harness.folder + "/out/all.jsonl", toPath: other.folder + "/all.jsonl")
                let imported = try #require(await other.call("batch_import", ["source_path": "all.jsonl", "format": "jsonl"]))
                #expect(imported["documents_imported"] == 250 && imported["success"] == true)
                let before = try await harness.store.list(limit: 1000, offset: 0).documents
                let after = try await other.store.list(limit: 1000, offset: 0).documents
                #expect(before.map(\.uuid) == after.map(\.uuid))
                #expect(zip(before, after).allSatisfy { $0.textContent == $1.textContent && $0.embedding == $1.embedding && $0.tags == $1.tags && $0.createdAt == $1.createdAt })
            }
        }
    }

    @Test func importChecksEveryRecordFirstAndMapsColumns() async throws {
        try await BatchHarness.with { harness in
            try writeFile(harness.folder + "/people.csv", "name,bio,team,tags\nAda,\"Wrote the first program\",core,\"math, engines\"\nGrace,Compilers,tools,\n")
            let mapped = try #require(await harness.call("batch_import", [
                "source_path": "people.csv", "format": "csv", "mapping": ["name": "title", "bio": "content", "team": "custom_metadata.team"],
            ]))
            #expect(mapped["documents_imported"] == 2)
            let ada = try #require(try await harness.store.list(filter: .compare(.field(.title), .eq, .string("Ada")), limit: 1, offset: 0).documents.first)
            #expect(ada.textContent == "Wrote the first program" && ada.customMetadata == ["team": "core"] && ada.tags == ["math", "engines"])

            try writeFile(harness.folder + "/bad.json", #"[{"content": "a", "title": "A"}, {"content": 5}, {"content": "c", "unknown": 1}, 7]"#)
            let strict = try #require(await harness.call("batch_import", ["source_path": "bad.json", "format": "json", "validation": ["max_errors": 2, "require_schema_match": true]]))
            #expect(strict["success"] == false && strict["documents_imported"] == 0 && strict["documents_failed"] == 3)
            #expect(strict["message"]?.stringValue?.contains("nothing was imported") == true)
            #expect(try await harness.store.count() == 2)
            let lenient = try #require(await harness.call("batch_import", ["source_path": "bad.json", "format": "json"]))
            #expect(lenient["documents_imported"] == 2 && lenient["documents_failed"] == 2)
        }
    }

    @Test func batchExtractReadsADirectoryAndRefusesURLs() async throws {
        try await BatchHarness.with { harness in
            try writeFile(harness.folder + "/docs/a.md", "---\ntitle: A\n---\nbody")
            try writeFile(harness.folder + "/docs/sub/b.txt", "plain")
            try writeFile(harness.folder + "/docs/skip.bin", "x")
            try writeFile(harness.folder + "/docs/latin1.txt", bytes: [0x63, 0x61, 0x66, 0xE9])
            let result = try #require(await harness.call("batch_extract", [
                "directory": "docs", "sources": [["type": "url", "url": "https://example.com"]], "shared_metadata": ["batch": "one", "x_kept": "k"],
            ]))
            #expect(result["sources_processed"] == 4)
            #expect(result["sources_extracted"] == 2)
            #expect(result["documents_added"] == 2)
            let failures = result["errors"]?.arrayValue?.compactMap { $0["error"]?["message"]?.stringValue } ?? []
            #expect(failures.contains { $0.contains("URL fetching is disabled") })
            #expect(failures.contains { $0.contains("latin1.txt is not UTF-8") })
            let docs = try await harness.store.list(limit: 10, offset: 0).documents
            #expect(docs.allSatisfy { $0.customMetadata["x_batch"] == "one" && $0.customMetadata["x_kept"] == "k" })
            let stopped = try #require(await harness.call("batch_extract", ["sources": [["type": "file", "path": "nope.md"], ["type": "file", "path": "docs/a.md"]], "continue_on_error": false]))
            #expect(stopped["stopped_early"] == true && stopped["documents_added"] == 0)
        }
    }
}

@Suite struct ExtractionCollectionTests {
    @Test func extractedDocumentsJoinACollectionByName() async throws {
        try await BatchHarness.with { harness in
            let header = try await harness.store.add(Document(title: "Research", textContent: "Collection: Research", recordType: .collectionHeader))
            try writeFile(harness.folder + "/paper.md", "# Paper\n\ntext")
            let result = try #require(await harness.call("extract_from_file", ["file_path": "paper.md", "collection": "Research"]))
            #expect(result["metadata"]?["collection"] == "Research")
            #expect(result["metadata"]?["collection_id"] == .string(header.uuid))
            let unknown = await harness.call("extract_from_file", ["file_path": "paper.md", "collection": "Nope"])
            #expect(unknown?["error"]?["code"] == .int(ContextFrameErrorCode.recordNotFound))
            #expect(try await harness.store.count() == 2)
        }
    }
}
