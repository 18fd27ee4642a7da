import Foundation
import GRDB

/// Reads and writes ``Document``s as rows of the `documents` table.
enum DocumentRowCodec {
    /// What a query loads besides the always-present fields.
    struct Columns: Sendable {
        var content = true
        var rawData = false

        static let all = Columns(content: true, rawData: true)
    }

    /// The select list for documents aliased `alias`; skipped columns read as NULL so decoding is uniform.
    static func selectList(alias: String = "d", _ columns: Columns) -> String {
        StoreSchema.documentColumns.map { column in
            switch column {
            case "text_content" where !columns.content: return "NULL AS text_content"
            case "raw_data" where !columns.rawData: return "NULL AS raw_data"
            default: return "\(alias).\(column)"
            }
        }.joined(separator: ", ")
    }

    /// The document in `row`, which must carry the columns of ``selectList(alias:_:)``.
    static func decode(_ row: Row) throws -> Document {
        let uuid: String = try row.decode(forColumn: "uuid")
        func timestamp(_ column: String) throws -> Date {
            let text: String = try row.decode(forColumn: column)
            guard let date = Timestamp.parse(text) else {
                throw StoreError.database(message: "document \(uuid) has an invalid \(column) '\(text)'")
            }
            return date
        }
        func json<Value: Decodable>(_ type: Value.Type, _ column: String) throws -> Value {
            try DocumentJSON.decode(type, from: try row.decode(String.self, forColumn: column), column: column)
        }
        // Empty lists are the common case and need no decoder.
        func strings(_ column: String) throws -> [String] {
            let text = try row.decode(String.self, forColumn: column)
            return text == "[]" ? [] : try DocumentJSON.decode([String].self, from: text, column: column)
        }
        let recordTypeText: String = try row.decode(forColumn: "record_type")
        guard let recordType = RecordType(rawValue: recordTypeText) else {
            throw StoreError.database(message: "document \(uuid) has an unknown record_type '\(recordTypeText)'")
        }
        var embedding: [Float]?
        if let data: Data = try row.decode(forColumn: "vector") {
            guard let vector = VectorCodec.decode(data) else {
                throw StoreError.database(message: "document \(uuid) has a malformed vector")
            }
            embedding = vector
        }
        let position: Int64? = try row.decode(forColumn: "position")
        return Document(
            uuid: uuid,
            title: try row.decode(forColumn: "title"),
            textContent: try row.decode(forColumn: "text_content"),
            embedding: embedding,
            version: try row.decode(forColumn: "version"),
            context: try row.decode(forColumn: "context"),
            uri: try row.decode(forColumn: "uri"),
            localPath: try row.decode(forColumn: "local_path"),
            cid: try row.decode(forColumn: "cid"),
            collection: try row.decode(forColumn: "collection"),
            collectionID: try row.decode(forColumn: "collection_id"),
            collectionIDType: try row.decode(forColumn: "collection_id_type"),
            position: position.map { Int($0) },
            author: try row.decode(forColumn: "author"),
            contributors: try strings("contributors"),
            tags: try strings("tags"),
            createdAt: try timestamp("created_at"),
            updatedAt: try timestamp("updated_at"),
            status: try row.decode(forColumn: "status"),
            sourceFile: try row.decode(forColumn: "source_file"),
            sourceType: try row.decode(forColumn: "source_type"),
            sourceURL: try row.decode(forColumn: "source_url"),
            relationships: try DocumentJSON.relationships(json([DocumentJSON.RelationshipObject].self, "relationships")),
            customMetadata: try json([String: String].self, "custom_metadata"),
            recordType: recordType,
            rawData: try row.decode(forColumn: "raw_data"),
            rawDataType: try row.decode(forColumn: "raw_data_type")
        )
    }

    /// The column values of `document` in ``StoreSchema/documentColumns`` order, plus `vector_norm` last.
    static func values(_ document: Document) throws(StoreError) -> [DatabaseValue] {
        var values: [DatabaseValue] = []
        values.reserveCapacity(StoreSchema.documentColumns.count + 1)
        for column in StoreSchema.documentColumns {
            values.append(try value(of: column, in: document))
        }
        values.append(document.embedding.map { VectorCodec.norm($0) }.databaseValue)
        return values
    }

    /// Inserts `document` as a new row.
    static func insert(_ document: Document, into db: Database) throws {
        let columns = StoreSchema.documentColumns + ["vector_norm"]
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        // Cached: batches insert many rows with the same statement.
        try db.cachedStatement(sql: "INSERT INTO documents (\(columns.joined(separator: ", "))) VALUES (\(placeholders))")
            .execute(arguments: StatementArguments(try values(document)))
    }

    /// Overwrites the row of `document.uuid` with `document`.
    static func update(_ document: Document, in db: Database) throws {
        let columns = StoreSchema.documentColumns + ["vector_norm"]
        let assignments = columns.map { "\($0) = ?" }.joined(separator: ", ")
        try db.cachedStatement(sql: "UPDATE documents SET \(assignments) WHERE uuid = ?")
            .execute(arguments: StatementArguments(try values(document) + [document.uuid.databaseValue]))
    }

    /// The database value of one column of `document`.
    static func value(of column: String, in document: Document) throws(StoreError) -> DatabaseValue {
        switch column {
        case "uuid": return document.uuid.databaseValue
        case "title": return document.title.databaseValue
        case "text_content": return document.textContent.databaseValue
        case "vector": return document.embedding.map(VectorCodec.encode).databaseValue
        case "version": return document.version.databaseValue
        case "context": return document.context.databaseValue
        case "uri": return document.uri.databaseValue
        case "local_path": return document.localPath.databaseValue
        case "cid": return document.cid.databaseValue
        case "collection": return document.collection.databaseValue
        case "collection_id": return document.collectionID.databaseValue
        case "collection_id_type": return document.collectionIDType.databaseValue
        case "position": return document.position.databaseValue
        case "author": return document.author.databaseValue
        // String arrays and empty collections skip JSONEncoder: they are the common case.
        case "contributors": return SnapshotWriter.stringArray(document.contributors).databaseValue
        case "tags": return SnapshotWriter.stringArray(document.tags).databaseValue
        case "created_at": return Timestamp.format(document.createdAt).databaseValue
        case "updated_at": return Timestamp.format(document.updatedAt).databaseValue
        case "status": return document.status.databaseValue
        case "source_file": return document.sourceFile.databaseValue
        case "source_type": return document.sourceType.databaseValue
        case "source_url": return document.sourceURL.databaseValue
        case "relationships":
            if document.relationships.isEmpty { return "[]".databaseValue }
            return try DocumentJSON.encode(DocumentJSON.relationshipObjects(document.relationships)).databaseValue
        case "custom_metadata":
            return document.customMetadata.isEmpty ? "{}".databaseValue : try DocumentJSON.encode(document.customMetadata).databaseValue
        case "record_type": return document.recordType.rawValue.databaseValue
        case "raw_data": return document.rawData.databaseValue
        case "raw_data_type": return document.rawDataType.databaseValue
        default: throw StoreError.database(message: "no value for column \(column)")
        }
    }
}
