import Foundation
import Testing
import QuireStore

@Suite("Opening stores")
struct StoreOpeningTests {
    /// Creates a store at `path` with one document, then closes it.
    @discardableResult
    private func makeStore(at path: String, dimension: Int = 8) async throws -> Document {
        let store = try DocumentStore.open(path: path, options: StoreOptions(embeddingDimension: dimension))
        return try await store.add(Document(title: "Keeper", textContent: "persistent words",
                                            embedding: Array(repeating: 0.25, count: dimension)))
    }

    private func openError(_ path: String, _ options: StoreOptions = StoreOptions()) -> StoreError? {
        do {
            _ = try DocumentStore.open(path: path, options: options)
            return nil
        } catch let error as StoreError {
            return error
        } catch {
            return .database(message: "unexpected: \(error)")
        }
    }

    /// Overwrites the 4-byte big-endian `PRAGMA application_id` field of an SQLite file's header.
    private func setApplicationID(_ value: UInt32, at path: String) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        withUnsafeBytes(of: value.bigEndian) { data.replaceSubrange(68..<72, with: $0) }
        try data.write(to: URL(fileURLWithPath: path))
    }

    @Test func createsThenReopensKeepingDataAndDimension() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/kept.db"
            let added = try await makeStore(at: path, dimension: 8)
            let reopened = try DocumentStore.open(path: path, options: StoreOptions(embeddingDimension: 1536))
            #expect(reopened.embeddingDimension == 8)
            #expect(reopened.schema.contains(SchemaField(name: "vector", type: "fixed_size_list<float32>[8]", nullable: true)))
            let document = try await reopened.get(uuid: added.uuid)
            #expect(document == added)
            #expect(try await reopened.textSearch(query: "persistent", limit: 5).map(\.document.uuid) == [added.uuid])
            #expect(try await reopened.storeVersion() == 1)
            let info = try await reopened.info()
            #expect(info.path == path && info.totalDocuments == 1 && info.embeddingDimension == 8)
        }
    }

    @Test func usesWALAndSerializesConcurrentWriters() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/busy.db"
            let store = try DocumentStore.open(path: path, options: StoreOptions(embeddingDimension: 4))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask { _ = try await store.add(Document(title: "Concurrent \(index)")) }
                    group.addTask { _ = try await store.list(limit: 5, offset: 0) }
                }
                try await group.waitForAll()
            }
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            #expect(try await store.count() == 20)
            let changes = try await store.changes(after: 0, limit: 100)
            #expect(changes.map(\.seq) == Array(1...20))
            #expect(Set(changes.map(\.resourceID)).count == 20)
        }
    }

    @Test func twoHandlesOnOneFileSeeEachOthersWrites() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/shared.db"
            let first = try DocumentStore.open(path: path, options: StoreOptions(embeddingDimension: 4))
            let second = try DocumentStore.open(path: path, options: StoreOptions(embeddingDimension: 4))
            let added = try await first.add(Document(title: "Seen"))
            #expect(try await second.get(uuid: added.uuid)?.title == "Seen")
        }
    }

    @Test func refusesAFileThatIsNotADatabase() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/notes.txt"
            try Data("hello, this is not SQLite at all".utf8).write(to: URL(fileURLWithPath: path))
            let error = openError(path)
            #expect(error == .notAQuireStore(path: path, reason: "file is not a database"))
            #expect(error?.description == "\(path) is not a Quire store: file is not a database")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("hello, this is not SQLite at all".utf8))
        }
    }

    @Test func refusesAnotherProgramsDatabaseWithoutTouchingIt() async throws {
        try await withTemporaryDirectory { directory in
            // A store whose Quire marker is removed is an SQLite database with other tables and no marker.
            let path = directory + "/foreign.db"
            try await makeStore(at: path)
            try setApplicationID(0, at: path)
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let error = openError(path)
            guard case let .notAQuireStore(errorPath, reason) = error else {
                Issue.record("expected notAQuireStore, got \(String(describing: error))")
                return
            }
            #expect(errorPath == path && reason.contains("no Quire marker"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)

            try setApplicationID(0x1234_5678, at: path)
            guard case let .notAQuireStore(_, otherReason) = openError(path) else {
                Issue.record("expected notAQuireStore for another application id")
                return
            }
            #expect(otherReason.contains("application_id"))
        }
    }

    @Test func refusesReadOnlyFilesAndDirectories() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/locked.db"
            let added = try await makeStore(at: path)
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }
            let error = openError(path)
            #expect(error == .readOnly(path: path))
            #expect(error?.description == "\(path) is read-only: Quire needs write access")

            // Asked for explicitly, read-only access works and refuses writes.
            let reader = try DocumentStore.open(path: path, options: StoreOptions(readOnly: true))
            #expect(reader.isReadOnly && reader.embeddingDimension == 8)
            #expect(try await reader.get(uuid: added.uuid)?.title == "Keeper")
            let writeError = await storeError { _ = try await reader.add(Document(title: "Nope")) }
            #expect(writeError == .readOnly(path: path))

            let lockedDirectory = directory + "/sealed"
            try FileManager.default.createDirectory(atPath: lockedDirectory, withIntermediateDirectories: false)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: lockedDirectory)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: lockedDirectory) }
            #expect(openError(lockedDirectory + "/new.db") == .readOnly(path: lockedDirectory))
        }
    }

    @Test func refusesMissingDirectoriesAndOtherBadPaths() async throws {
        try await withTemporaryDirectory { directory in
            let missing = directory + "/no/such/dir/store.db"
            guard case let .cannotOpen(path, reason) = openError(missing) else {
                Issue.record("expected cannotOpen for a missing directory")
                return
            }
            #expect(path == missing && reason.contains("does not exist"))
            #expect(!FileManager.default.fileExists(atPath: directory + "/no"))

            guard case .cannotOpen = openError(directory) else {
                Issue.record("expected cannotOpen for a directory path")
                return
            }
            guard case .cannotOpen = openError(directory + "/absent.db", StoreOptions(readOnly: true)) else {
                Issue.record("expected cannotOpen for a read-only open of a missing store")
                return
            }
            #expect(openError(directory + "/zero.db", StoreOptions(embeddingDimension: 0))?.validationField
                == "embedding_dimension")
        }
    }

    @Test func anEmptyFileBecomesAStore() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/empty.db"
            _ = FileManager.default.createFile(atPath: path, contents: Data())
            let store = try DocumentStore.open(path: path, options: StoreOptions(embeddingDimension: 3))
            #expect(store.embeddingDimension == 3)
            #expect(try await store.count() == 0)
        }
    }
}
