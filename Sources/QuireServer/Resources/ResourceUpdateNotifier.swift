import MCP
import MCPServer
import QuireStore

/// Sends `notifications/resources/updated` to sessions that subscribed to a `contextframe://`
/// resource, driven by the store's change log (one reader for all subscribers).
actor ResourceUpdateNotifier: ResourceSubscriptionListener {
    private let store: DocumentStore
    private var watchers: [String: [ObjectIdentifier: ServerSession]] = [:]
    private var follower: Task<Void, Never>?
    private var lastSeen = 0

    init(store: DocumentStore) { self.store = store }

    func subscribe(_ uri: String, session: ServerSession) async throws {
        guard uri.hasPrefix("contextframe://") else {
            throw JSONRPCError.invalidParams("only contextframe:// resources can be subscribed to, not \(uri)")
        }
        if follower == nil {
            let version = try await store.storeVersion()
            // Checked again after the suspension: subscribers arriving together would otherwise
            // each start a follower, and every change would be sent once per follower.
            if follower == nil {
                lastSeen = version
                follower = Task { [weak self] in await self?.follow() }
            }
        }
        watchers[uri, default: [:]][ObjectIdentifier(session)] = session
    }

    func unsubscribe(_ uri: String, session: ServerSession) async {
        watchers[uri]?[ObjectIdentifier(session)] = nil
        if watchers[uri]?.isEmpty == true { watchers[uri] = nil }
        if watchers.isEmpty {
            follower?.cancel()
            follower = nil
        }
    }

    private func follow() async {
        while !Task.isCancelled {
            do {
                let version = try await store.waitForChanges(after: lastSeen, timeout: .seconds(60))
                guard version > lastSeen else { continue }
                let changes = try await store.changes(after: lastSeen, limit: 1000)
                var touched = Set<String>()
                for change in changes { touched.formUnion(Self.resources(affectedBy: change)) }
                lastSeen = changes.last?.seq ?? version
                for uri in touched.sorted() {
                    for session in (watchers[uri] ?? [:]).values {
                        let notification = JSONRPCNotification(method: Method.resourceUpdated, params: ["uri": .string(uri)])
                        await session.sink(.notification(notification))
                    }
                }
            } catch {
                // The store is unreadable for now; retry after a pause rather than spin.
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Every resource whose content a change alters.
    static func resources(affectedBy change: Change) -> Set<String> {
        var uris: Set<String> = ["contextframe://dataset/info", "contextframe://dataset/stats"]
        let records = [change.beforeDocument, change.afterDocument].compactMap { $0 }
        switch change.resourceType {
        case .document:
            uris.insert("contextframe://documents/\(change.resourceID)")
        case .collection:
            uris.insert("contextframe://collections/\(change.resourceID)")
            uris.insert("contextframe://collections")
        }
        for record in records {
            if let collection = record.collectionID { uris.insert("contextframe://collections/\(collection)") }
            if !record.relationships.isEmpty { uris.insert("contextframe://relationships") }
        }
        return uris
    }
}
