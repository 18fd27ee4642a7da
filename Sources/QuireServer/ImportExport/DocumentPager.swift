import QuireStore

/// Reads the documents to export a page at a time: every match of a filter (up to a limit), or
/// the documents with given uuids in the order given.
struct DocumentPager: Sendable {
    let store: DocumentStore
    let filter: Filter?
    let ids: [String]?
    let limit: Int?
    let pageSize: Int
    /// Also load raw bytes (for a full backup); they can be large, so only on request.
    let includeRawData: Bool

    /// How many documents the pages will hold.
    func total() async throws -> Int {
        if let ids { return ids.count }
        let count = try await store.count(filter: filter)
        return limit.map { min($0, count) } ?? count
    }

    /// Page `number` (from 0), or `nil` past the end. A page of given uuids may hold fewer
    /// documents than uuids, when some name no document.
    func page(_ number: Int) async throws -> [Document]? {
        var documents: [Document]
        let start = number * pageSize
        if let ids {
            guard start < ids.count else { return nil }
            let chunk = Array(ids[start..<min(start + pageSize, ids.count)])
            let condition = Filter.compare(.field(.uuid), .in, .list(chunk.map(FilterValue.string)))
            let found = try await store.list(filter: condition, limit: chunk.count, offset: 0)
            let byID = Dictionary(found.documents.map { ($0.uuid, $0) }, uniquingKeysWith: { first, _ in first })
            documents = chunk.compactMap { byID[$0] }
        } else {
            let remaining = limit.map { $0 - start } ?? pageSize
            guard remaining > 0 else { return nil }
            documents = try await store.list(filter: filter, limit: min(pageSize, remaining), offset: start).documents
            if documents.isEmpty { return nil }
        }
        if includeRawData {
            for index in documents.indices where documents[index].rawDataType != nil {
                if let full = try await store.get(uuid: documents[index].uuid, includeRawData: true) { documents[index].rawData = full.rawData }
            }
        }
        return documents
    }
}
