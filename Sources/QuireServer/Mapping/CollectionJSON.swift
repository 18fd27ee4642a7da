import MCP
import MCPServer
import QuireStore

/// Converts collections, their statistics and membership outcomes to the ContextFrame tool shapes.
enum CollectionJSON {
    // MARK: Output

    /// ContextFrame's `CollectionInfo`: `{collection_id, header_id, name, description, parent_id,
    /// created_at, updated_at, metadata, member_count, total_size_bytes}`, plus `template`.
    static func info(_ summary: CollectionSummary) -> JSONValue {
        let header = summary.header
        return [
            "collection_id": .string(header.uuid),
            "header_id": .string(header.uuid),
            "name": .string(header.title),
            "description": header.context.map(JSONValue.string) ?? .null,
            "parent_id": header.collectionID.map(JSONValue.string) ?? .null,
            "created_at": .string(Timestamp.format(header.createdAt)),
            "updated_at": .string(Timestamp.format(header.updatedAt)),
            "metadata": sharedMetadata(header),
            "template": header.collectionTemplate.map(JSONValue.string) ?? .null,
            "member_count": .int(summary.memberCount),
            "total_size_bytes": .int(summary.totalSizeBytes),
        ]
    }

    /// A list entry: the info alone, or `{collection, statistics}` when statistics were computed.
    static func listEntry(_ summary: CollectionSummary) -> JSONValue {
        guard let statistics = summary.statistics else { return info(summary) }
        return ["collection": info(summary), "statistics": self.statistics(statistics)]
    }

    static func statistics(_ statistics: CollectionStatistics) -> JSONValue {
        [
            "total_members": .int(statistics.totalMembers),
            "direct_members": .int(statistics.directMembers),
            "subcollection_members": .int(statistics.subcollectionMembers),
            "total_size_bytes": .int(statistics.totalSizeBytes),
            "avg_document_size": .double(statistics.averageDocumentSize),
            "unique_tags": .array(statistics.uniqueTags.map(JSONValue.string)),
            "date_range": [
                "earliest": statistics.earliest.map { .string(Timestamp.format($0)) } ?? .null,
                "latest": statistics.latest.map { .string(Timestamp.format($0)) } ?? .null,
            ],
            "member_types": .object(statistics.memberTypes.mapValues(JSONValue.int)),
        ]
    }

    static func sharedMetadata(_ header: Document) -> JSONValue {
        .object(header.sharedMetadata.mapValues(JSONValue.string))
    }

    /// One member with its size: the document shape without content, plus `title` and `size_bytes`.
    static func member(_ member: CollectionMember) -> JSONValue {
        var members = DocumentJSON.json(member.document, includeContent: false)
        members["title"] = .string(member.document.title)
        members["size_bytes"] = .int(member.sizeBytes)
        return .object(members)
    }

    /// `[{document_id, error}]`, ContextFrame's `failed_moves` shape.
    static func failures(_ failures: [MembershipFailure]) -> JSONValue {
        .array(failures.map { ["document_id": .string($0.documentID), "error": .string(message($0.problem))] })
    }

    /// The store's reason plus what to do about it with these tools.
    static func message(_ problem: MembershipProblem) -> String {
        switch problem {
        case .inAnotherCollection: return "\(problem.description); use move_documents to move it"
        case .isCollection: return "\(problem.description); collections are nested with create_collection's parent_collection"
        case .invalidUUID, .notFound, .notInCollection: return problem.description
        }
    }

    /// `{collection, statistics, subcollections, members?}`: one collection in full.
    static func report(_ report: CollectionReport) -> JSONValue {
        var members: [String: JSONValue] = [
            "collection": info(report.collection),
            "statistics": statistics(report.statistics),
            "subcollections": .array(report.subcollections.map(info)),
        ]
        if !report.members.isEmpty { members["members"] = .array(report.members.map(member)) }
        return .object(members)
    }

    // MARK: Input

    /// Shared metadata from a tool argument: strings as given, numbers and booleans in their JSON
    /// spelling (custom metadata holds strings); `null` only where `allowNull` (it removes the key).
    static func sharedMetadata(_ object: [String: JSONValue], argument: String, allowNull: Bool) throws -> [String: String?] {
        var result: [String: String?] = [:]
        for (key, value) in object {
            guard !key.isEmpty else { throw ToolError.invalidArguments("\(argument): keys must not be empty") }
            switch value {
            case .string(let string): result[key] = .some(string)
            case .int, .double, .bool: result[key] = .some(value.jsonString)
            case .null where allowNull: result[key] = .some(nil)
            default:
                throw ToolError.invalidArguments(
                    "\(argument).\(key): values must be strings, numbers or booleans\(allowNull ? " (or null to remove)" : ""), got \(value.typeName)"
                )
            }
        }
        return result
    }

    // MARK: Schemas

    /// The output schema of one `CollectionInfo`.
    static let infoSchema: JSONValue = [
        "type": "object",
        "properties": [
            "collection_id": ["type": "string"],
            "header_id": ["type": "string"],
            "name": ["type": "string"],
            "description": ["type": ["string", "null"]],
            "parent_id": ["type": ["string", "null"]],
            "created_at": ["type": "string"],
            "updated_at": ["type": "string"],
            "metadata": ["type": "object"],
            "template": ["type": ["string", "null"]],
            "member_count": ["type": "integer"],
            "total_size_bytes": ["type": "integer"],
        ],
        "required": ["collection_id", "header_id", "name", "created_at", "updated_at", "metadata", "member_count"],
    ]

    /// The output schema of `CollectionStats`.
    static let statisticsSchema: JSONValue = [
        "type": "object",
        "properties": [
            "total_members": ["type": "integer"],
            "direct_members": ["type": "integer"],
            "subcollection_members": ["type": "integer"],
            "total_size_bytes": ["type": "integer"],
            "avg_document_size": ["type": "number"],
            "unique_tags": ["type": "array", "items": ["type": "string"]],
            "date_range": [
                "type": "object",
                "properties": ["earliest": ["type": ["string", "null"]], "latest": ["type": ["string", "null"]]],
            ],
            "member_types": ["type": "object", "additionalProperties": ["type": "integer"]],
        ],
        "required": [
            "total_members", "direct_members", "subcollection_members", "total_size_bytes", "avg_document_size",
            "unique_tags", "date_range", "member_types",
        ],
    ]

    /// The output schema of a `[{document_id, error}]` list.
    static let failuresSchema: JSONValue = [
        "type": "array",
        "items": [
            "type": "object",
            "properties": ["document_id": ["type": "string"], "error": ["type": "string"]],
            "required": ["document_id", "error"],
        ],
    ]
}
