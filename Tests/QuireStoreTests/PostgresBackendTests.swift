import Foundation
import Testing
@testable import QuireStore

/// What only the PostgreSQL backend has: URL settings, connection failures that name the server
/// (never the password), maintenance mapped onto PostgreSQL, and migrations recorded in
/// `schema_migrations`.
@Suite("PostgreSQL backend")
struct PostgresBackendTests {
    @Test func urlSettingsAndDefaults() throws {
        let location = try PostgresLocation(url: "postgresql://ada:pw@db.example:6543/quire?schema=tenant_a&pool_max=4&statement_timeout=500&sslmode=require")
        #expect(location.host == "db.example" && location.port == 6543 && location.user == "ada" && location.password == "pw")
        #expect(location.database == "quire" && location.schema == "tenant_a" && location.maximumConnections == 4)
        #expect(location.statementTimeoutMilliseconds == 500 && location.tls == .require)
        #expect(location.description == "postgres://ada@db.example:6543/quire?schema=tenant_a")
        let defaults = try PostgresLocation(url: "postgres://ada@localhost/quire")
        #expect(defaults.port == 5432 && defaults.schema == "public" && defaults.tls == .prefer && defaults.maximumConnections == 10)
        #expect(PostgresLocation.isPostgresURL("POSTGRES://x") && !PostgresLocation.isPostgresURL("./quire.db"))
    }

    @Test(arguments: [
        ("postgres://localhost/quire", "no user"),
        ("postgres://ada@localhost", "no database"),
        ("postgres://ada:secret@localhost/quire?pool_max=0", "pool_max=0"),
        ("postgres://ada:secret@localhost/quire?sslmode=verify-full", "sslmode=verify-full"),
        ("postgres://ada:secret@localhost/quire?poolsize=3", "unknown setting poolsize"),
    ])
    func badURLsSayWhatIsWrongWithoutThePassword(url: String, expected: String) {
        do {
            _ = try PostgresLocation(url: url)
            Issue.record("\(url) was accepted")
        } catch {
            #expect(error.description.contains(expected), "\(error)")
            #expect(!error.description.contains("secret"), "\(error)")
        }
    }

    @Test func anUnreachableServerNamesHostPortAndReasonButNotThePassword() async throws {
        let port = try closedPort()
        let error = await storeError {
            _ = try await DocumentStore.open(location: "postgres://ada:hunter2@127.0.0.1:\(port)/quire?connect_timeout=3")
        }
        guard case .unavailable(let location, let reason)? = error else {
            Issue.record("expected unavailable, got \(String(describing: error))")
            return
        }
        #expect(location == "postgres://ada@127.0.0.1:\(port)/quire")
        #expect(reason.lowercased().contains("refused"), "\(reason)")
        #expect(!(error?.description.contains("hunter2") ?? true))
    }

    @Test(.enabled(if: StoreBackend.postgresURL != nil))
    func maintenanceMapsOntoPostgreSQL() async throws {
        try await withStore(.postgres) { store in
            let empty = try await store.storageFootprint()
            try await store.add((0..<30).map { Document(title: "Bulky \($0)", textContent: String(repeating: "lorem ipsum \($0) ", count: 300)) })
            let version = try await store.storeVersion()
            let filled = try await store.storageFootprint()
            #expect(filled.databaseBytes > empty.databaseBytes && filled.pageSize == 8192 && filled.walBytes == 0)
            #expect(try await store.checkpoint() == CheckpointResult(walFrames: 0, checkpointedFrames: 0))
            try await store.optimizeQueryPlanner()
            #expect(try await store.hasPlannerStatistics())
            try await store.vacuum()
            try await store.rebuildTextIndex()
            try await store.rebuildIndexes()
            #expect(try await store.storeVersion() == version)
            #expect(try await store.textSearch(query: "lorem", limit: 50).count == 30)
            let indexes = try await store.indexes()
            #expect(indexes.contains { $0.name == "documents_search" && $0.table == "documents" })
            #expect(indexes.contains { $0.name == "documents_uuid_key" && $0.isUnique && $0.columns == ["uuid"] })
            #expect(indexes.contains { $0.name == "documents_created_at" && $0.columns == ["created_at", "uuid"] })
        }
    }

    @Test(.enabled(if: StoreBackend.postgresURL != nil))
    func migrationsAreRecordedAndANewerSchemaIsRefused() async throws {
        try await withStore(.postgres, dimension: 4) { store in
            let postgres = try #require(store.postgres)
            let names = try await postgres.read { session in
                try await session.rows("SELECT name FROM schema_migrations ORDER BY name").map { try $0.value("name", as: String.self) }
            }
            #expect(names == PostgresSchema.migrations.map(\.name))
            // Reopening keeps the dimension the store was created with.
            let again = try await DocumentStore.open(location: try #require(store.postgresURLForTests), options: StoreOptions(embeddingDimension: 99))
            #expect(again.embeddingDimension == 4)
            again.close()
            try await postgres.transactionWithoutWriteLock { session in
                try await session.execute("INSERT INTO schema_migrations (name) VALUES ('pg-v99-from-the-future')")
            }
            let error = await storeError { _ = try await DocumentStore.open(location: try #require(store.postgresURLForTests)) }
            #expect(error?.description.contains("newer Quire") == true, "\(String(describing: error))")
        }
    }

    @Test(.enabled(if: StoreBackend.postgresURL != nil))
    func statementTimeoutAndPoolLimitHold() async throws {
        try await withStore(.postgres) { store in
            let url = try #require(store.postgresURLForTests) + "&statement_timeout=200&pool_max=2"
            let limited = try await DocumentStore.open(location: url)
            defer { limited.close() }
            let postgres = try #require(limited.postgres)
            // A statement past the timeout is cancelled by the server and reported as such.
            let error = await storeError {
                _ = try await postgres.read { session in try await session.execute("SELECT pg_sleep(2)") }
            }
            #expect(error?.description.contains("statement_timeout (200 ms)") == true, "\(String(describing: error))")
            // Eight concurrent calls share two connections: they queue, none fails.
            _ = try await limited.add(Document(title: "Shared"))
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { try await limited.count() } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts == Array(repeating: 1, count: 8))
        }
    }

    @Test(.enabled(if: StoreBackend.postgresURL != nil))
    func aReadOnlyStoreRefusesWrites() async throws {
        try await withStore(.postgres) { store in
            let document = try await store.add(Document(title: "Kept"))
            let reader = try await DocumentStore.open(location: try #require(store.postgresURLForTests), options: StoreOptions(readOnly: true))
            defer { reader.close() }
            #expect(try await reader.get(uuid: document.uuid)?.title == "Kept")
            let error = await storeError { _ = try await reader.add(Document(title: "Refused")) }
            guard case .readOnly? = error else {
                Issue.record("expected readOnly, got \(String(describing: error))")
                return
            }
        }
    }
}

/// A loopback port nothing listens on (bound, read, released).
func closedPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
    }
    guard bound else { throw StoreError.database(message: "cannot find a free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}
