import Foundation
import MCP
import MCPServer
import QuireStore

/// `subscribe_changes`, `poll_changes`, `unsubscribe`, `get_subscriptions` over the store's
/// change log: nothing diffed, nothing missed, cursors kept in the store across restarts.
struct ChangeFeedTools: Sendable {
    let environment: ToolEnvironment
    var store: DocumentStore { environment.store }

    /// Subscriptions idle this long are dropped.
    static let idleExpiry: TimeInterval = 3600
    static let resourceTypes = ["documents", "collections", "all"]

    var definitions: [ToolDefinition] { [subscribeChanges, pollChanges, unsubscribe, getSubscriptions] }

    /// Drops idle subscriptions; cheap enough to run on every change-feed call.
    func expireIdle() async throws {
        _ = try await storeCall { try await store.expireSubscriptions(idleSince: Date().addingTimeInterval(-Self.idleExpiry)) }
    }

    /// The subscription, if it exists and belongs to the caller. Another principal's looks missing.
    func owned(_ id: String, by principal: Principal) async throws -> ChangeSubscription {
        guard let subscription = try await storeCall({ try await store.subscription(id: id) }), subscription.principal == principal.id else {
            throw ToolError(
                code: ContextFrameErrorCode.recordNotFound, message: "Subscription not found: \(id) (it may have expired after an hour idle)",
                data: ["kind": "subscription", "id": .string(id)]
            )
        }
        return subscription
    }

    static func token(_ id: String, _ cursor: Int) -> String { "\(id):\(cursor)" }
}
