import MCP
import MCPServer
import QuireStore

/// The documents a batch call acts on: the `document_ids` given, or every match of `filter`.
struct BatchTargets {
    /// The ids in order, without repeats, lower-cased; malformed ones are kept so their outcome can be reported.
    var ids: [String]
    /// Whether the ids came from a filter (so they existed when listed).
    var fromFilter: Bool

    /// Reads `document_ids` or `filter` (exactly one).
    ///
    /// - Parameters:
    ///   - limit: The most documents allowed; more is an error naming the count, so nothing is done to a
    ///     surprising number of documents.
    ///   - allowEmptyFilter: Whether a filter matching everything (`{}` or `""`) is acceptable.
    static func resolve(_ arguments: Arguments, store: DocumentStore, limit: Int?, allowEmptyFilter: Bool) async throws -> BatchTargets {
        let rawFilter = arguments.values["filter"].flatMap { $0 == .null ? nil : $0 }
        let given = try idList(arguments)
        switch (given, rawFilter) {
        case (nil, nil):
            throw ToolError.invalidArguments("document_ids or filter: give one of them to say which documents to act on")
        case (.some, .some):
            throw ToolError.invalidArguments("document_ids and filter: give only one of them")
        case (let ids?, nil):
            var seen = Set<String>()
            let unique = ids.map { DocumentStore.normalizedUUID($0) ?? $0 }.filter { seen.insert($0).inserted }
            if let limit, unique.count > limit {
                throw ToolError.invalidArguments("document_ids: \(unique.count) ids is over max_documents (\(limit)); raise max_documents or split the batch")
            }
            return BatchTargets(ids: unique, fromFilter: false)
        case (nil, let raw?):
            let filter = try FilterJSON.filter(from: raw)
            if filter == nil, !allowEmptyFilter {
                throw ToolError.filter("the filter is empty and would match every document; give a condition (or document_ids)")
            }
            let total = try await storeCall { try await store.count(filter: filter) }
            if let limit, total > limit {
                throw ToolError.invalidArguments("filter: \(total) documents match, over max_documents (\(limit)); raise max_documents or narrow the filter. Nothing was changed.")
            }
            var ids: [String] = []
            ids.reserveCapacity(total)
            let page = DocumentStore.maximumPageSize
            while true {
                let offset = ids.count
                let found = try await storeCall {
                    try await store.list(filter: filter, orderBy: [SortKey(field: .uuid)], limit: page, offset: offset, includeContent: false)
                }
                ids.append(contentsOf: found.documents.map(\.uuid))
                if found.documents.count < page { break }
            }
            return BatchTargets(ids: ids, fromFilter: true)
        }
    }

    private static func idList(_ arguments: Arguments) throws -> [String]? {
        guard let value = arguments.values["document_ids"], value != .null else { return nil }
        guard case .array(let elements) = value else { throw ToolError.invalidArguments("document_ids: expected an array of strings") }
        return try elements.enumerated().map { position, element in
            guard case .string(let id) = element else { throw ToolError.invalidArguments("document_ids[\(position)]: expected a string") }
            return id
        }
    }

    /// The schema fragment for `document_ids`.
    static func idsSchema(_ description: String) -> JSONValue {
        ["type": "array", "items": ["type": "string", "minLength": 1], "maxItems": 10000, "description": .string(description)]
    }
}
