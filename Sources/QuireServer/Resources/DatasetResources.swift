import MCP
import MCPServer
import QuireStore

/// The `contextframe://` resources: dataset facts, its schema, and one document per uuid.
struct DatasetResources: Sendable {
    let store: DocumentStore
    let vectorSearchAvailable: Bool

    func register(in registry: inout ResourceRegistry) {
        registry.register(ResourceDefinition(
            Resource(uri: "contextframe://dataset/info", name: "dataset_info", title: "Dataset information",
                     description: "Where the store lives, how many documents it holds, its version and features.", mimeType: "application/json")
        ) { uri, _, _ in try await json(uri, info()) })
        registry.register(ResourceDefinition(
            Resource(uri: "contextframe://dataset/schema", name: "dataset_schema", title: "Dataset schema",
                     description: "Every document field with its type and whether it may be null.", mimeType: "application/json")
        ) { uri, _, _ in
            let fields = DocumentField.schemaDescription(embeddingDimension: store.embeddingDimension).map { field -> JSONValue in
                ["name": .string(field.name), "type": .string(field.type), "nullable": .bool(field.nullable)]
            }
            return json(uri, ["fields": .array(fields)])
        })
        registry.register(ResourceTemplateDefinition(
            ResourceTemplate(uriTemplate: "contextframe://documents/{uuid}", name: "document", title: "Document",
                             description: "One document with its content and metadata.", mimeType: "application/json"),
            completer: { variable, prefix, _ in
                guard variable == "uuid" else { return [] }
                return try await store.uuids(withPrefix: prefix.lowercased(), limit: 100)
            }
        ) { uri, variables, _ in
            guard let id = variables["uuid"], let document = try await store.get(uuid: id) else { throw ResourceNotFound(uri: uri) }
            return json(uri, .object(DocumentJSON.json(document)))
        })
    }

    private func info() async throws -> JSONValue {
        let info = try await store.info()
        return [
            "dataset_path": .string(info.path),
            "total_documents": .int(info.totalDocuments),
            "version": .int(info.version),
            "storage_format": "sqlite",
            "embedding_dimension": .int(info.embeddingDimension),
            "features": [
                "vector_search": .bool(vectorSearchAvailable),
                "full_text_search": true,
                "sql_filtering": true,
                "relationships": true,
                "collections": true,
            ],
        ]
    }

    private func json(_ uri: String, _ value: JSONValue) -> ReadResourceResult {
        ReadResourceResult(contents: [ResourceContents(uri: uri, mimeType: "application/json", text: value.prettyJSONString)])
    }
}
