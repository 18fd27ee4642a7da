/// A filterable, sortable column of the document table, by its ContextFrame snake_case name.
///
/// `vector` and `raw_data` are deliberately absent: they can be neither filtered nor sorted
/// (they appear only in ``SchemaField/all(embeddingDimension:)``).
public enum DocumentField: String, CaseIterable, Sendable, Hashable {
    /// `uuid`: the record id.
    case uuid
    /// `title`.
    case title
    /// `text_content`: the main text.
    case textContent = "text_content"
    /// `version`: the document's semantic version.
    case version
    /// `context`.
    case context
    /// `uri`.
    case uri
    /// `local_path`.
    case localPath = "local_path"
    /// `cid`.
    case cid
    /// `collection`: the collection's name.
    case collection
    /// `collection_id`.
    case collectionID = "collection_id"
    /// `collection_id_type`.
    case collectionIDType = "collection_id_type"
    /// `position` within the collection.
    case position
    /// `author`.
    case author
    /// `contributors`: a list of strings.
    case contributors
    /// `tags`: a list of strings.
    case tags
    /// `created_at`.
    case createdAt = "created_at"
    /// `updated_at`.
    case updatedAt = "updated_at"
    /// `status`.
    case status
    /// `source_file`.
    case sourceFile = "source_file"
    /// `source_type`.
    case sourceType = "source_type"
    /// `source_url`.
    case sourceURL = "source_url"
    /// `record_type`.
    case recordType = "record_type"
    /// `raw_data_type`: the MIME type of the raw bytes.
    case rawDataType = "raw_data_type"
    /// `relationships`: the list of relationship structs.
    case relationships
    /// `custom_metadata`: the string map; filter single keys with `custom_metadata.<key>`.
    case customMetadata = "custom_metadata"

    /// How the field is stored.
    public var kind: FieldKind {
        switch self {
        case .position: return .integer
        case .createdAt, .updatedAt: return .timestamp
        case .contributors, .tags: return .stringList
        case .relationships: return .relationshipList
        case .customMetadata: return .stringMap
        default: return .text
        }
    }

    /// The SQL column holding the field. Also the ContextFrame name, so it is never user text.
    var column: String { rawValue }
}

extension DocumentField {
    /// Every stored field with its type and nullability, `vector` and `raw_data` included,
    /// for the `contextframe://dataset/schema` resource. Same as ``SchemaField/all(embeddingDimension:)``.
    public static func schemaDescription(embeddingDimension: Int) -> [SchemaField] {
        SchemaField.all(embeddingDimension: embeddingDimension)
    }
}
