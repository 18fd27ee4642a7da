import Foundation
import GRDB

/// Storage upkeep on PostgreSQL, mapped onto the SQLite-shaped maintenance API: sizes come from
/// the server's relation sizes, "checkpoint" is left to the server (it manages its own WAL),
/// planner statistics are `ANALYZE`, vacuum is `VACUUM (ANALYZE)`, rebuilds are `REINDEX`.
extension PostgresStore {
    /// The store's tables, in the order SQLite lists them.
    static let tables = ["documents", "document_relationships", "changes", "change_counter", "change_subscriptions", "usage_log", "quire_meta"]

    func storageFootprint() async throws -> StorageFootprint {
        let schema = location.schema
        return try await read { session in
            let bytes = try await session.scalar(
                Int64.self,
                """
                SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::int8 FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'm')
                """,
                [schema.databaseValue]
            ) ?? 0
            let pageSize = Int(try await session.scalar(String.self, "SELECT current_setting('block_size')") ?? "8192") ?? 8192
            // Free space inside PostgreSQL's pages is not known without a scan; report none.
            return StorageFootprint(
                databaseBytes: bytes, walBytes: 0, sharedMemoryBytes: 0,
                pageSize: pageSize, pageCount: Int(bytes) / max(1, pageSize), freePages: 0
            )
        }
    }

    func optimizeQueryPlanner() async throws {
        try await maintenance("ANALYZE " + Self.tables.joined(separator: ", "))
    }

    func vacuum() async throws {
        // VACUUM cannot run inside a transaction block.
        try await maintenance("VACUUM (ANALYZE) " + Self.tables.joined(separator: ", "))
    }

    func rebuildTextIndex() async throws {
        try await maintenance("REINDEX INDEX documents_search")
    }

    func rebuildIndexes() async throws {
        for table in ["documents", "document_relationships"] { try await maintenance("REINDEX TABLE \(table)") }
    }

    func indexes() async throws -> [StoreIndex] {
        let schema = location.schema
        return try await read { session in
            try await session.rows(
                """
                SELECT i.relname AS name, t.relname AS table_name, ix.indisunique AS is_unique,
                       array_to_string(ARRAY(
                           SELECT coalesce(a.attname, '') FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                           LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
                           ORDER BY k.n
                       ), ',') AS columns
                FROM pg_index ix
                JOIN pg_class i ON i.oid = ix.indexrelid
                JOIN pg_class t ON t.oid = ix.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = ? AND t.relname IN ('documents', 'document_relationships')
                ORDER BY t.relname, i.relname
                """,
                [schema.databaseValue]
            ).map { row in
                // Expression columns (the tsvector's GIN index keys a generated column; others none) read as nil.
                let columns = (try row.value("columns", as: String.self)).split(separator: ",", omittingEmptySubsequences: false)
                    .map { $0.isEmpty ? nil : String($0) }
                return StoreIndex(
                    name: try row.value("name"), table: try row.value("table_name"), columns: columns,
                    isUnique: try row.value("is_unique")
                )
            }
        }
    }

    func hasPlannerStatistics() async throws -> Bool {
        let schema = location.schema
        return try await read { session in
            try await session.scalar(
                Bool.self,
                """
                SELECT EXISTS (SELECT 1 FROM pg_stat_user_tables WHERE schemaname = ? AND relname = 'documents'
                               AND coalesce(last_analyze, last_autoanalyze) IS NOT NULL)
                """,
                [schema.databaseValue]
            ) ?? false
        }
    }

    private func maintenance(_ sql: String) async throws {
        guard !isReadOnly else { throw StoreError.readOnly(path: location.description) }
        try await withoutTransaction { session in try await session.execute(sql) }
    }
}
