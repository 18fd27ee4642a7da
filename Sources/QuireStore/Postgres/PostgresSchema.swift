import GRDB
import Logging
import PostgresNIO

/// The store's PostgreSQL schema: the same tables and columns as SQLite's (``StoreSchema``),
/// created and evolved by named migrations recorded in `schema_migrations`.
///
/// Differences from SQLite, all invisible through ``DocumentStore``: JSON columns are `jsonb`;
/// text columns use the "C" collation so comparisons and ORDER BY are byte-wise like SQLite's;
/// full-text search is a `tsvector` column (written with the row, see ``PostgresSearchText``) with a GIN index; `changes.seq` comes from
/// a one-row counter advanced under the store's write lock, so it is gap-free and in commit order.
///
/// Later changes add migrations at the end of ``migrations``; never edit a shipped one.
enum PostgresSchema {
    /// A named migration: statements run in order, in the one transaction that records the name.
    struct Migration: Sendable {
        var name: String
        var statements: @Sendable (_ embeddingDimension: Int) -> [String]
    }

    /// The migrations, in order.
    static let migrations: [Migration] = [
        Migration(name: "pg-v1-documents-search-relationships-changes", statements: version1),
    ]

    /// `identifier` quoted for SQL (`"` doubled).
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Creates the schema and runs pending migrations in one transaction, serialized across
    /// instances by an advisory lock; returns the store's embedding dimension and whether pgvector is available.
    ///
    /// - Throws: ``StoreError/cannotOpen(path:reason:)`` when the database was migrated by a newer
    ///   Quire, or (read-only) has not been created or upgraded yet.
    static func migrate(
        client: PostgresClient, location: PostgresLocation, embeddingDimension: Int, readOnly: Bool, logger: Logger
    ) async throws -> (dimension: Int, pgvector: Bool) {
        let shown = location.description
        let schema = location.schema
        return try await client.withConnection { connection in
            let session = PostgresSession(connection: connection, logger: logger)
            try await session.execute("BEGIN")
            do {
                try await session.execute(
                    "SELECT pg_advisory_xact_lock(?)", [PostgresStore.stableHash("quire-migrate:" + schema).databaseValue]
                )
                let schemaExists = try await session.scalar(
                    Bool.self, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)", [schema.databaseValue]
                ) ?? false
                let migrationsExist = schemaExists ? try await session.scalar(
                    Bool.self,
                    "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = ? AND tablename = 'schema_migrations')",
                    [schema.databaseValue]
                ) ?? false : false
                var applied: [String] = []
                if migrationsExist {
                    applied = try await session.rows("SELECT name FROM schema_migrations ORDER BY name").map { try $0.value("name") }
                } else if schemaExists {
                    let tables = try await session.scalar(
                        Int.self, "SELECT count(*)::int8 FROM pg_tables WHERE schemaname = ?", [schema.databaseValue]
                    ) ?? 0
                    if tables > 0 && schema != "public" {
                        throw StoreError.notAQuireStore(path: shown, reason: "schema \(schema) holds other tables and no schema_migrations")
                    }
                }
                let known = Set(migrations.map(\.name))
                if let unknown = applied.first(where: { !known.contains($0) }) {
                    throw StoreError.cannotOpen(path: shown, reason: "it was migrated by a newer Quire (\(unknown)); upgrade Quire to open it")
                }
                let pending = migrations.filter { !applied.contains($0.name) }
                if readOnly && !pending.isEmpty {
                    throw StoreError.cannotOpen(path: shown, reason: "its schema differs from this Quire's; open it once for writing to upgrade it")
                }
                if !pending.isEmpty {
                    if !schemaExists {
                        try await session.execute("CREATE SCHEMA \(quoted(schema))")
                        // The connection's search_path named the schema before it existed.
                        try await session.execute("SET LOCAL search_path TO \(quoted(schema)), public")
                    }
                    try await session.execute("""
                        CREATE TABLE IF NOT EXISTS schema_migrations (
                            name text COLLATE "C" PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now()
                        )
                        """)
                    for migration in pending {
                        logger.info("applying migration", metadata: ["name": "\(migration.name)", "store": "\(shown)"])
                        for statement in migration.statements(embeddingDimension) {
                            try await session.connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        try await session.execute("INSERT INTO schema_migrations (name) VALUES (?)", [migration.name.databaseValue])
                    }
                }
                let dimensionText = try await session.scalar(String.self, "SELECT value FROM quire_meta WHERE key = 'embedding_dimension'")
                guard let dimensionText, let dimension = Int(dimensionText), dimension > 0 else {
                    throw StoreError.notAQuireStore(path: shown, reason: "its embedding dimension is missing")
                }
                let pgvector = try await session.scalar(
                    Bool.self, "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector')"
                ) ?? false
                try await session.execute("COMMIT")
                return (dimension, pgvector)
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// The first schema: documents with their search column, relationships, the change log,
    /// subscriptions, the usage log and the `quire_number` filter function.
    private static func version1(embeddingDimension: Int) -> [String] {
        let text = "text COLLATE \"C\""
        return [
            "CREATE TABLE quire_meta (key \(text) PRIMARY KEY, value text NOT NULL)",
            "INSERT INTO quire_meta (key, value) VALUES ('schema_version', '1'), ('embedding_dimension', '\(embeddingDimension)')",
            """
            CREATE TABLE documents (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                uuid \(text) NOT NULL UNIQUE,
                title \(text) NOT NULL,
                text_content \(text),
                vector bytea,
                vector_norm double precision,
                version \(text),
                context \(text),
                uri \(text),
                local_path \(text),
                cid \(text),
                collection \(text),
                collection_id \(text),
                collection_id_type \(text),
                position bigint,
                author \(text),
                contributors jsonb NOT NULL DEFAULT '[]',
                tags jsonb NOT NULL DEFAULT '[]',
                created_at \(text) NOT NULL,
                updated_at \(text) NOT NULL,
                status \(text),
                source_file \(text),
                source_type \(text),
                source_url \(text),
                relationships jsonb NOT NULL DEFAULT '[]',
                custom_metadata jsonb NOT NULL DEFAULT '{}',
                record_type \(text) NOT NULL DEFAULT 'document',
                raw_data bytea,
                raw_data_type \(text),
                -- Written with title and text_content from PostgresSearchText (tokenized and folded as
                -- FTS5 does); title words weigh A, content words B, ranked 2:1 like SQLite's BM25 weights.
                search tsvector NOT NULL DEFAULT ''::tsvector
            )
            """,
            "CREATE INDEX documents_created_at ON documents (created_at, uuid)",
            "CREATE INDEX documents_updated_at ON documents (updated_at)",
            "CREATE INDEX documents_collection_id ON documents (collection_id, position)",
            "CREATE INDEX documents_record_type ON documents (record_type)",
            "CREATE INDEX documents_collection_members ON documents (collection_id, record_type)",
            "CREATE INDEX documents_collection_header_names ON documents (title) WHERE record_type = 'collection_header'",
            "CREATE INDEX documents_search ON documents USING gin (search)",
            """
            CREATE TABLE document_relationships (
                source_uuid \(text) NOT NULL REFERENCES documents (uuid) ON DELETE CASCADE,
                ordinal integer NOT NULL,
                type \(text) NOT NULL,
                target_id \(text),
                target_uri \(text),
                target_path \(text),
                target_cid \(text),
                title \(text),
                description \(text),
                PRIMARY KEY (source_uuid, ordinal)
            )
            """,
            "CREATE INDEX document_relationships_target_id ON document_relationships (target_id)",
            "CREATE INDEX document_relationships_target_uri ON document_relationships (target_uri)",
            "CREATE INDEX document_relationships_target_path ON document_relationships (target_path)",
            "CREATE INDEX document_relationships_target_cid ON document_relationships (target_cid)",
            // seq comes from change_counter (see PostgresChangeLog), never from a sequence: sequences
            // are not transactional, so a reader could see seq n before n-1 had committed.
            """
            CREATE TABLE changes (
                seq bigint PRIMARY KEY,
                timestamp \(text) NOT NULL,
                type \(text) NOT NULL CHECK (type IN ('created', 'updated', 'deleted')),
                resource_type \(text) NOT NULL CHECK (resource_type IN ('document', 'collection')),
                resource_id \(text) NOT NULL,
                before text,
                after text
            )
            """,
            "CREATE TABLE change_counter (only_row boolean PRIMARY KEY DEFAULT TRUE CHECK (only_row), seq bigint NOT NULL)",
            "INSERT INTO change_counter (seq) VALUES (0)",
            """
            CREATE TABLE change_subscriptions (
                id \(text) PRIMARY KEY,
                principal \(text) NOT NULL,
                resource_type \(text) NOT NULL,
                filters text,
                options text NOT NULL,
                created_at \(text) NOT NULL,
                last_poll \(text),
                cursor bigint NOT NULL
            )
            """,
            "CREATE INDEX change_subscriptions_principal ON change_subscriptions (principal)",
            """
            CREATE TABLE usage_log (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                kind \(text) NOT NULL CHECK (kind IN ('tool_call', 'search', 'language_model')),
                tool \(text) NOT NULL,
                principal \(text) NOT NULL,
                started_at \(text) NOT NULL,
                duration_ms double precision NOT NULL,
                outcome \(text) NOT NULL CHECK (outcome IN ('ok', 'error', 'cancelled')),
                error_code bigint,
                search_type \(text),
                filter_shape text,
                result_count bigint,
                provider \(text),
                prompt_tokens bigint,
                completion_tokens bigint
            )
            """,
            "CREATE INDEX usage_log_started_at ON usage_log (started_at)",
            // Filters compare string metadata with numbers through this, as SQLite's quire_number():
            // a number when the text reads as one, else NULL (no match), never an error.
            """
            CREATE FUNCTION quire_number(value text) RETURNS double precision
            LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $body$
            DECLARE
                trimmed text := btrim(value, E' \\t');
            BEGIN
                IF trimmed !~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' THEN
                    RETURN NULL;
                END IF;
                RETURN trimmed::double precision;
            EXCEPTION WHEN numeric_value_out_of_range THEN
                RETURN NULL;
            END
            $body$
            """,
        ]
    }
}
