/// One field of the store's schema, as published by the `contextframe://dataset/schema` resource.
public struct SchemaField: Sendable, Equatable {
    /// The ContextFrame field name, e.g. `text_content`.
    public var name: String
    /// The field's type in Arrow-like notation, e.g. `string`, `int32`, `list<string>`,
    /// `fixed_size_list<float32>[1536]`.
    public var type: String
    /// Whether the field may be absent.
    public var nullable: Bool

    /// Creates a schema field.
    public init(name: String, type: String, nullable: Bool) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }

    /// Every stored field, `vector` and `raw_data` included, in ContextFrame's schema order.
    ///
    /// - Parameter embeddingDimension: The store's embedding dimension, which fixes the vector type.
    public static func all(embeddingDimension: Int) -> [SchemaField] {
        [
            SchemaField(name: "uuid", type: "string", nullable: false),
            SchemaField(name: "text_content", type: "string", nullable: true),
            SchemaField(name: "vector", type: "fixed_size_list<float32>[\(embeddingDimension)]", nullable: true),
            SchemaField(name: "title", type: "string", nullable: false),
            SchemaField(name: "version", type: "string", nullable: true),
            SchemaField(name: "context", type: "string", nullable: true),
            SchemaField(name: "uri", type: "string", nullable: true),
            SchemaField(name: "local_path", type: "string", nullable: true),
            SchemaField(name: "cid", type: "string", nullable: true),
            SchemaField(name: "collection", type: "string", nullable: true),
            SchemaField(name: "collection_id", type: "string", nullable: true),
            SchemaField(name: "collection_id_type", type: "string", nullable: true),
            SchemaField(name: "position", type: "int32", nullable: true),
            SchemaField(name: "author", type: "string", nullable: true),
            SchemaField(name: "contributors", type: "list<string>", nullable: false),
            SchemaField(name: "tags", type: "list<string>", nullable: false),
            SchemaField(name: "created_at", type: "timestamp", nullable: false),
            SchemaField(name: "updated_at", type: "timestamp", nullable: false),
            SchemaField(name: "status", type: "string", nullable: true),
            SchemaField(name: "source_file", type: "string", nullable: true),
            SchemaField(name: "source_type", type: "string", nullable: true),
            SchemaField(name: "source_url", type: "string", nullable: true),
            SchemaField(
                name: "relationships",
                type: "list<struct<type: string, id: string, uri: string, path: string, cid: string, "
                    + "title: string, description: string>>",
                nullable: false
            ),
            SchemaField(name: "custom_metadata", type: "map<string, string>", nullable: false),
            SchemaField(name: "record_type", type: "string", nullable: false),
            SchemaField(name: "raw_data", type: "binary", nullable: true),
            SchemaField(name: "raw_data_type", type: "string", nullable: true),
        ]
    }
}
