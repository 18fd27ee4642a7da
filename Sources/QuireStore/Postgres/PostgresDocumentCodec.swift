import Foundation
import GRDB
import PostgresNIO

/// Reads and writes ``Document``s as rows of PostgreSQL's `documents` table.
///
/// Values are produced by ``DocumentRowCodec/value(of:in:)``, the SQLite codec's own, so both
/// backends store exactly the same text for every field; only the JSON columns are cast to
/// `jsonb` on the way in and back to text on the way out.
enum PostgresDocumentCodec {
    /// Columns held as `jsonb`.
    static let jsonColumns: Set<String> = ["contributors", "tags", "relationships", "custom_metadata"]

    /// The select list for documents aliased `alias`; skipped columns read as NULL so decoding is uniform.
    static func selectList(alias: String = "d", _ columns: DocumentRowCodec.Columns) -> String {
        StoreSchema.documentColumns.map { column in
            switch column {
            case "text_content" where !columns.content: return "NULL::text AS text_content"
            case "raw_data" where !columns.rawData: return "NULL::bytea AS raw_data"
            case _ where jsonColumns.contains(column): return "\(alias).\(column)::text AS \(column)"
            default: return "\(alias).\(column)"
            }
        }.joined(separator: ", ")
    }

    /// `?` for a column value, cast to the column's type where a text bind would not do.
    static func placeholder(for column: String) -> String {
        jsonColumns.contains(column) ? "?::jsonb" : "?"
    }

    /// The document in `row`, which must carry the columns of ``selectList(alias:_:)``.
    static func decode(_ row: PostgresRandomAccessRow) throws -> Document {
        let uuid: String = try row.value("uuid")
        func text(_ column: String) throws -> String? { try row.value(column, as: String?.self) }
        func required(_ column: String) throws -> String {
            guard let value = try text(column) else {
                throw StoreError.database(message: "document \(uuid) has no \(column)")
            }
            return value
        }
        func timestamp(_ column: String) throws -> Date {
            let value = try required(column)
            guard let date = Timestamp.parse(value) else {
                throw StoreError.database(message: "document \(uuid) has an invalid \(column) '\(value)'")
            }
            return date
        }
        func strings(_ column: String) throws -> [String] {
            let value = try required(column)
            return value == "[]" ? [] : try DocumentJSON.decode([String].self, from: value, column: column)
        }
        let recordTypeText = try required("record_type")
        guard let recordType = RecordType(rawValue: recordTypeText) else {
            throw StoreError.database(message: "document \(uuid) has an unknown record_type '\(recordTypeText)'")
        }
        var embedding: [Float]?
        if let data = try row.value("vector", as: Data?.self) {
            guard let vector = VectorCodec.decode(data) else {
                throw StoreError.database(message: "document \(uuid) has a malformed vector")
            }
            embedding = vector
        }
        let position = try row.value("position", as: Int64?.self)
        let relationships = try DocumentJSON.decode(
            [DocumentJSON.RelationshipObject].self, from: try required("relationships"), column: "relationships"
        )
        return Document(
            uuid: uuid,
            title: try required("title"),
            textContent: try text("text_content"),
            embedding: embedding,
            version: try text("version"),
            context: try text("context"),
            uri: try text("uri"),
            localPath: try text("local_path"),
            cid: try text("cid"),
            collection: try text("collection"),
            collectionID: try text("collection_id"),
            collectionIDType: try text("collection_id_type"),
            position: position.map { Int($0) },
            author: try text("author"),
            contributors: try strings("contributors"),
            tags: try strings("tags"),
            createdAt: try timestamp("created_at"),
            updatedAt: try timestamp("updated_at"),
            status: try text("status"),
            sourceFile: try text("source_file"),
            sourceType: try text("source_type"),
            sourceURL: try text("source_url"),
            relationships: try DocumentJSON.relationships(relationships),
            customMetadata: try DocumentJSON.decode([String: String].self, from: try required("custom_metadata"), column: "custom_metadata"),
            recordType: recordType,
            rawData: try row.value("raw_data", as: Data?.self),
            rawDataType: try text("raw_data_type")
        )
    }

    /// The `search` column's value for `document`, with its two bound texts.
    static let searchExpression = "setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B')"

    static func searchValues(_ document: Document) -> [DatabaseValue] {
        [PostgresSearchText.indexed(document.title).databaseValue, PostgresSearchText.indexed(document.textContent).databaseValue]
    }

    /// Inserts `document` as a new row; returns its row id.
    static func insert(_ document: Document, in session: PostgresSession) async throws -> Int64 {
        let columns = StoreSchema.documentColumns + ["vector_norm"]
        let placeholders = columns.map(placeholder(for:)).joined(separator: ", ")
        let id = try await session.scalar(
            Int64.self,
            "INSERT INTO documents (\(columns.joined(separator: ", ")), search) VALUES (\(placeholders), \(searchExpression)) RETURNING id",
            try DocumentRowCodec.values(document) + searchValues(document)
        )
        guard let id else { throw StoreError.database(message: "inserting \(document.uuid) returned no row id") }
        return id
    }

    /// Overwrites the row of `document.uuid` with `document`.
    static func update(_ document: Document, in session: PostgresSession) async throws {
        try await update(columns: StoreSchema.documentColumns + ["vector_norm"], of: document, in: session)
    }

    /// Overwrites only `columns` (``StoreSchema/documentColumns`` names or `vector_norm`) of `document.uuid`'s row.
    static func update(columns: [String], of document: Document, in session: PostgresSession) async throws {
        var assignments = columns.map { "\($0) = \(placeholder(for: $0))" }.joined(separator: ", ")
        var values: [DatabaseValue] = []
        for column in columns {
            values.append(column == "vector_norm"
                ? document.embedding.map { VectorCodec.norm($0) }.databaseValue
                : try DocumentRowCodec.value(of: column, in: document))
        }
        // The index follows the searchable text, as SQLite's triggers keep FTS5 current.
        if columns.contains("title") || columns.contains("text_content") {
            assignments += ", search = \(searchExpression)"
            values += searchValues(document)
        }
        values.append(document.uuid.databaseValue)
        try await session.execute("UPDATE documents SET \(assignments) WHERE uuid = ?", values)
    }

    /// The document with the normalized `uuid`, loading the given optional columns.
    static func fetch(_ uuid: String, columns: DocumentRowCodec.Columns, in session: PostgresSession) async throws -> Document? {
        try await session.rows(
            "SELECT \(selectList(columns)) FROM documents d WHERE d.uuid = ?", [uuid.databaseValue]
        ).first.map(decode)
    }

    /// The documents with these row ids (content loaded, raw data not), keyed by id.
    static func fetch(ids: [Int64], in session: PostgresSession) async throws -> [Int64: Document] {
        guard !ids.isEmpty else { return [:] }
        var documents: [Int64: Document] = [:]
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        try await session.forEachRow(
            "SELECT d.id AS row_id, \(selectList(.init())) FROM documents d WHERE d.id IN (\(placeholders))",
            ids.map(\.databaseValue)
        ) { row in
            documents[try row.value("row_id", as: Int64.self)] = try decode(row)
        }
        return documents
    }
}
