import Foundation

/// JSON encodings the store writes into TEXT columns and change-log snapshots.
///
/// Keys are sorted and slashes left unescaped so the text is stable and readable.
enum DocumentJSON {
    /// A relationship as stored in the `relationships` column.
    struct RelationshipObject: Codable {
        var type: String
        var id: String?
        var uri: String?
        var path: String?
        var cid: String?
        var title: String?
        var description: String?
    }

    /// A document as written to change-log snapshots: every field except `vector` and `raw_data`.
    struct Snapshot: Codable {
        var uuid: String
        var title: String
        var text_content: String?
        var version: String?
        var context: String?
        var uri: String?
        var local_path: String?
        var cid: String?
        var collection: String?
        var collection_id: String?
        var collection_id_type: String?
        var position: Int?
        var author: String?
        var contributors: [String]
        var tags: [String]
        var created_at: String
        var updated_at: String
        var status: String?
        var source_file: String?
        var source_type: String?
        var source_url: String?
        var relationships: [RelationshipObject]
        var custom_metadata: [String: String]
        var record_type: String
        var raw_data_type: String?
        var has_embedding: Bool
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func encode<Value: Encodable>(_ value: Value) throws(StoreError) -> String {
        do {
            return String(decoding: try encoder().encode(value), as: UTF8.self)
        } catch {
            throw StoreError.database(message: "cannot encode JSON: \(error)")
        }
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from text: String, column: String) throws(StoreError) -> Value {
        // Empty lists and objects are most columns of most documents: no decoder for them.
        if text == "[]", let type = Value.self as? any ExpressibleByArrayLiteral.Type, let empty = emptyArray(type) as? Value {
            return empty
        }
        if text == "{}", let type = Value.self as? any ExpressibleByDictionaryLiteral.Type, let empty = emptyDictionary(type) as? Value {
            return empty
        }
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.database(message: "column \(column) holds invalid JSON: \(error)")
        }
    }

    private static func emptyArray<Empty: ExpressibleByArrayLiteral>(_ type: Empty.Type) -> Empty { [] }
    private static func emptyDictionary<Empty: ExpressibleByDictionaryLiteral>(_ type: Empty.Type) -> Empty { [:] }

    static func relationshipObjects(_ relationships: [Relationship]) -> [RelationshipObject] {
        relationships.map {
            RelationshipObject(
                type: $0.type.rawValue, id: $0.id, uri: $0.uri, path: $0.path, cid: $0.cid,
                title: $0.title, description: $0.description
            )
        }
    }

    static func relationships(_ objects: [RelationshipObject]) throws(StoreError) -> [Relationship] {
        var result: [Relationship] = []
        result.reserveCapacity(objects.count)
        for object in objects {
            guard let type = RelationshipType(rawValue: object.type) else {
                throw StoreError.database(message: "column relationships holds unknown type '\(object.type)'")
            }
            result.append(Relationship(
                type: type, id: object.id, uri: object.uri, path: object.path, cid: object.cid,
                title: object.title, description: object.description
            ))
        }
        return result
    }

    /// The document a change-log snapshot describes (without embedding or raw data), or `nil`
    /// when the text is not a snapshot.
    static func document(fromSnapshot text: String) -> Document? {
        guard let snapshot = try? JSONDecoder().decode(Snapshot.self, from: Data(text.utf8)),
              let createdAt = Timestamp.parse(snapshot.created_at),
              let updatedAt = Timestamp.parse(snapshot.updated_at),
              let relationships = try? relationships(snapshot.relationships)
        else { return nil }
        var document = Document(uuid: snapshot.uuid, title: snapshot.title)
        document.textContent = snapshot.text_content
        document.version = snapshot.version
        document.context = snapshot.context
        document.uri = snapshot.uri
        document.localPath = snapshot.local_path
        document.cid = snapshot.cid
        document.collection = snapshot.collection
        document.collectionID = snapshot.collection_id
        document.collectionIDType = snapshot.collection_id_type
        document.position = snapshot.position
        document.author = snapshot.author
        document.contributors = snapshot.contributors
        document.tags = snapshot.tags
        document.createdAt = createdAt
        document.updatedAt = updatedAt
        document.status = snapshot.status
        document.sourceFile = snapshot.source_file
        document.sourceType = snapshot.source_type
        document.sourceURL = snapshot.source_url
        document.relationships = relationships
        document.customMetadata = snapshot.custom_metadata
        document.recordType = RecordType(rawValue: snapshot.record_type) ?? .document
        document.rawDataType = snapshot.raw_data_type
        return document
    }

    /// The snapshot JSON of `document` for the change log (written by ``SnapshotWriter``).
    static func snapshot(_ document: Document) throws(StoreError) -> String {
        try SnapshotWriter.snapshot(document)
    }

    /// The snapshot JSON of `document` as `JSONEncoder` writes it: the reference ``SnapshotWriter``
    /// must match byte for byte.
    static func encodedSnapshot(_ document: Document) throws(StoreError) -> String {
        try encode(Snapshot(
            uuid: document.uuid,
            title: document.title,
            text_content: document.textContent,
            version: document.version,
            context: document.context,
            uri: document.uri,
            local_path: document.localPath,
            cid: document.cid,
            collection: document.collection,
            collection_id: document.collectionID,
            collection_id_type: document.collectionIDType,
            position: document.position,
            author: document.author,
            contributors: document.contributors,
            tags: document.tags,
            created_at: Timestamp.format(document.createdAt),
            updated_at: Timestamp.format(document.updatedAt),
            status: document.status,
            source_file: document.sourceFile,
            source_type: document.sourceType,
            source_url: document.sourceURL,
            relationships: relationshipObjects(document.relationships),
            custom_metadata: document.customMetadata,
            record_type: document.recordType.rawValue,
            raw_data_type: document.rawDataType,
            has_embedding: document.embedding != nil
        ))
    }
}
