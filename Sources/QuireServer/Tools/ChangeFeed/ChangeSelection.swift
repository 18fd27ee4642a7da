import MCP
import MCPServer
import QuireStore

/// Which change-log entries a consumer wants, and how each is shown: one definition for
/// `poll_changes` and the `/mcp/v1/sse/subscribe` stream, so both deliver the same changes.
struct ChangeSelection: Sendable {
    /// `documents`, `collections` or `all`.
    var resourceType: String
    /// Applied to the record after the change (before it, for a deletion), as `poll_changes` does.
    var filter: Filter?
    /// Only changes that touch this collection (a header uuid): the header itself and records
    /// in it before or after the change, so a document moved out is still seen leaving.
    var collectionID: String?

    init(resourceType: String, filter: Filter?, collectionID: String? = nil) {
        self.resourceType = resourceType
        self.filter = filter
        self.collectionID = collectionID
    }

    /// The sequence numbers of the wanted changes among `changes`.
    func wanted(_ changes: [Change], store: DocumentStore) async throws -> Set<Int> {
        var candidates: [(seq: Int, before: Document?, after: Document?)] = []
        for change in changes where matchesType(change) {
            // Snapshots are decoded once per change: the properties decode on every access.
            let before = change.beforeDocument
            let after = change.afterDocument
            if let collectionID {
                guard change.resourceID == collectionID || before?.collectionID == collectionID || after?.collectionID == collectionID else { continue }
            }
            candidates.append((change.seq, before, after))
        }
        guard let filter else { return Set(candidates.map(\.seq)) }
        let subjects = candidates.compactMap { candidate in (candidate.after ?? candidate.before).map { (candidate.seq, $0) } }
        let verdicts = try await storeCall { try await store.matches(filter, documents: subjects.map(\.1)) }
        return Set(zip(subjects, verdicts).filter(\.1).map(\.0.0))
    }

    private func matchesType(_ change: Change) -> Bool {
        switch resourceType {
        case "documents": return change.resourceType == .document
        case "collections": return change.resourceType == .collection
        default: return true
        }
    }

    /// A change as `poll_changes` and the change stream show it; with `includeData`, the record
    /// before and after.
    static func json(_ change: Change, includeData: Bool) -> JSONValue {
        var members: [String: JSONValue] = [
            "type": .string(change.type.rawValue), "resource_type": .string(change.resourceType.rawValue),
            "resource_id": .string(change.resourceID), "version": .int(change.seq),
            "timestamp": .string(Timestamp.format(change.timestamp)),
        ]
        if includeData {
            if let before = change.beforeDocument { members["old_data"] = .object(DocumentJSON.json(before)) }
            if let after = change.afterDocument { members["new_data"] = .object(DocumentJSON.json(after)) }
        }
        return .object(members)
    }
}
