import GRDB

/// The store's SQLite schema, created and evolved by named migrations.
///
/// Later changes add migrations at the end of ``migrator(embeddingDimension:)``; never edit a
/// shipped one, since stores in the field have already run it.
enum StoreSchema {
    /// `PRAGMA application_id` of every Quire store ("QUIR" in ASCII): marks the file as ours.
    static let applicationID: Int32 = 0x5155_4952

    /// The schema version this build writes and understands.
    static let currentVersion = 1

    /// The columns of `documents` in the order ``DocumentRowCodec`` reads them.
    static let documentColumns = [
        "uuid", "title", "text_content", "vector", "version", "context", "uri", "local_path", "cid",
        "collection", "collection_id", "collection_id_type", "position", "author", "contributors", "tags",
        "created_at", "updated_at", "status", "source_file", "source_type", "source_url", "relationships",
        "custom_metadata", "record_type", "raw_data", "raw_data_type",
    ]

    /// The migrations, in order. `embeddingDimension` is recorded by the first one only.
    static func migrator(embeddingDimension: Int) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-documents-fts-relationships-changes") { db in
            try createVersion1(db, embeddingDimension: embeddingDimension)
        }
        migrator.registerMigration("v2-change-subscriptions") { db in
            try db.execute(sql: """
                CREATE TABLE change_subscriptions (
                    id TEXT PRIMARY KEY NOT NULL,
                    principal TEXT NOT NULL,
                    resource_type TEXT NOT NULL,
                    filters TEXT,
                    options TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    last_poll TEXT,
                    cursor INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX change_subscriptions_principal ON change_subscriptions(principal);
                """)
        }
        migrator.registerMigration("v3-collection-indexes") { db in
            try createCollectionIndexes(db)
        }
        migrator.registerMigration("v4-analytics-usage-log", migrate: UsageLogSchema.create)
        migrator.registerMigration("v5-fts-batch-indexing") { db in
            try makeFullTextInsertDeferrable(db)
            try tuneFullTextMerging(db)
        }
        return migrator
    }

    private static func createVersion1(_ db: Database, embeddingDimension: Int) throws {
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        try db.execute(sql: """
            CREATE TABLE quire_meta (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            ) WITHOUT ROWID;

            -- id is the stable integer key the external-content FTS table needs; uuid is the public id.
            CREATE TABLE documents (
                id INTEGER PRIMARY KEY,
                uuid TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                text_content TEXT,
                vector BLOB,
                vector_norm REAL,
                version TEXT,
                context TEXT,
                uri TEXT,
                local_path TEXT,
                cid TEXT,
                collection TEXT,
                collection_id TEXT,
                collection_id_type TEXT,
                position INTEGER,
                author TEXT,
                contributors TEXT NOT NULL DEFAULT '[]',
                tags TEXT NOT NULL DEFAULT '[]',
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                status TEXT,
                source_file TEXT,
                source_type TEXT,
                source_url TEXT,
                relationships TEXT NOT NULL DEFAULT '[]',
                custom_metadata TEXT NOT NULL DEFAULT '{}',
                record_type TEXT NOT NULL DEFAULT 'document',
                raw_data BLOB,
                raw_data_type TEXT
            );
            CREATE INDEX documents_created_at ON documents(created_at, uuid);
            CREATE INDEX documents_updated_at ON documents(updated_at);
            CREATE INDEX documents_collection_id ON documents(collection_id, position);
            CREATE INDEX documents_record_type ON documents(record_type);

            CREATE VIRTUAL TABLE documents_fts USING fts5(
                title, text_content,
                content = 'documents', content_rowid = 'id',
                tokenize = 'unicode61 remove_diacritics 2'
            );
            -- Triggers keep the index current on every write path, including ones added later.
            CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
                INSERT INTO documents_fts(rowid, title, text_content) VALUES (new.id, new.title, new.text_content);
            END;
            CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
                INSERT INTO documents_fts(documents_fts, rowid, title, text_content)
                    VALUES ('delete', old.id, old.title, old.text_content);
            END;
            CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text_content ON documents BEGIN
                INSERT INTO documents_fts(documents_fts, rowid, title, text_content)
                    VALUES ('delete', old.id, old.title, old.text_content);
                INSERT INTO documents_fts(rowid, title, text_content) VALUES (new.id, new.title, new.text_content);
            END;

            -- One row per relationship, rewritten with its document, so reverse lookups use an index.
            CREATE TABLE document_relationships (
                source_uuid TEXT NOT NULL REFERENCES documents(uuid) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                type TEXT NOT NULL,
                target_id TEXT,
                target_uri TEXT,
                target_path TEXT,
                target_cid TEXT,
                title TEXT,
                description TEXT,
                PRIMARY KEY (source_uuid, ordinal)
            ) WITHOUT ROWID;
            CREATE INDEX document_relationships_target_id ON document_relationships(target_id);
            CREATE INDEX document_relationships_target_uri ON document_relationships(target_uri);
            CREATE INDEX document_relationships_target_path ON document_relationships(target_path);
            CREATE INDEX document_relationships_target_cid ON document_relationships(target_cid);

            -- AUTOINCREMENT keeps seq monotonic even after old entries are pruned.
            CREATE TABLE changes (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                timestamp TEXT NOT NULL,
                type TEXT NOT NULL CHECK (type IN ('created', 'updated', 'deleted')),
                resource_type TEXT NOT NULL CHECK (resource_type IN ('document', 'collection')),
                resource_id TEXT NOT NULL,
                before TEXT,
                after TEXT
            );
            """)
        try db.execute(
            sql: "INSERT INTO quire_meta(key, value) VALUES ('schema_version', ?), ('embedding_dimension', ?)",
            arguments: [String(currentVersion), String(embeddingDimension)]
        )
    }

    /// Indexes behind the collection tools: member counts read only the index, and headers are
    /// found by name without scanning documents. The partial index is used by queries that spell
    /// `record_type = 'collection_header'` literally.
    private static func createCollectionIndexes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX documents_collection_members ON documents(collection_id, record_type);
            CREATE INDEX documents_collection_header_names ON documents(title) WHERE record_type = 'collection_header';
            """)
    }

    /// Lets a batch insert index its documents in one go (see ``BatchInsert``).
    ///
    /// FTS5 flushes its pending terms to a new segment whenever a statement opens a statement
    /// journal, which every `INSERT INTO documents` does while it has a trigger: with the indexing
    /// trigger, a batch wrote one tiny segment per document and spent most of its time merging them.
    /// The trigger now stands aside while `quire_fts_deferral` has a row; a batch inserts that row,
    /// adds its documents, deletes it and indexes them itself, all in its transaction, so no other
    /// connection ever sees the row and every other insert is still indexed by the trigger.
    private static func makeFullTextInsertDeferrable(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE quire_fts_deferral (active INTEGER NOT NULL);
            DROP TRIGGER documents_fts_insert;
            CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents
            WHEN NOT EXISTS (SELECT 1 FROM quire_fts_deferral) BEGIN
                INSERT INTO documents_fts(rowid, title, text_content) VALUES (new.id, new.title, new.text_content);
            END;
            """)
    }

    /// FTS5's pending-terms buffer (kept in `documents_fts_config`) sized for batches of thousands
    /// of ~2 KB documents: terms are buffered up to 8 MB (default 1 MB) before being written as a
    /// segment, so a batch becomes one segment instead of several, and less is merged later.
    /// Measured with instruction counts on 6,000 such documents: 664k instructions per document
    /// indexed before, 345k after; queries get faster too, having fewer segments to search.
    /// (A larger `automerge` saved more at import but left more segments, slowing snippets.)
    private static func tuneFullTextMerging(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES ('hashsize', 8388608)")
    }
}
