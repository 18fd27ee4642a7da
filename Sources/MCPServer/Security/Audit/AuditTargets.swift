import MCP

/// Finds the ids a tool call acts on in its arguments, for the audit log's `targets`.
public enum AuditTargets {
    /// Argument names whose values are ids (a string, a number or a list of them).
    public static let idKeys: Set<String> = [
        "id", "ids", "uuid", "uuids", "document_id", "document_ids", "collection_id", "collection_ids", "collection",
        "collections", "subscription_id", "subscription_ids", "parent_id", "parent_collection", "source_id", "target_id",
        "source_uuid", "target_uuid", "operation_id",
    ]

    /// The most targets one event lists; the rest are summarised as `+N more`.
    public static let maxTargets = 100

    /// The ids in `arguments`: top-level id arguments, and id members of objects in top-level
    /// lists (`documents: [{uuid}]`, `updates: [{document_id}]`), in argument-name order,
    /// without duplicates.
    public static func extract(from arguments: [String: JSONValue]) -> [String] {
        var found: [String] = []
        var seen: Set<String> = []
        var overflow = 0
        func add(_ value: JSONValue) {
            switch value {
            case .string(let text) where !text.isEmpty: insert(text)
            case .int(let number): insert(String(number))
            case .array(let elements): for element in elements { add(element) }
            default: break
            }
        }
        func insert(_ id: String) {
            guard seen.insert(id).inserted else { return }
            if found.count < maxTargets { found.append(id) } else { overflow += 1 }
        }
        for key in arguments.keys.sorted() {
            guard let value = arguments[key] else { continue }
            if idKeys.contains(key) {
                add(value)
            } else if case .array(let elements) = value {
                for case .object(let members) in elements {
                    for memberKey in members.keys.sorted() where idKeys.contains(memberKey) {
                        if let member = members[memberKey] { add(member) }
                    }
                }
            }
        }
        if overflow > 0 { found.append("+\(overflow) more") }
        return found
    }
}
