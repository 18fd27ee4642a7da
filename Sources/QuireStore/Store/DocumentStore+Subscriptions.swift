import Foundation
import GRDB

extension DocumentStore {
    /// Saves a new subscription.
    public func createSubscription(_ subscription: ChangeSubscription) async throws {
        if let postgres { return try await postgres.createSubscription(subscription) }
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO change_subscriptions (id, principal, resource_type, filters, options, created_at, last_poll, cursor)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    subscription.id, subscription.principal, subscription.resourceType, subscription.filters,
                    subscription.options, Timestamp.format(subscription.createdAt),
                    subscription.lastPoll.map(Timestamp.format), subscription.cursor,
                ]
            )
        }
    }

    /// The subscription with `id`, if it exists.
    public func subscription(id: String) async throws -> ChangeSubscription? {
        if let postgres { return try await postgres.subscription(id: id) }
        return try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM change_subscriptions WHERE id = ?", arguments: [id]).map(Self.subscription(from:))
        }
    }

    /// The subscriptions of `principal`, optionally of one resource type, oldest first.
    public func subscriptions(principal: String, resourceType: String? = nil) async throws -> [ChangeSubscription] {
        if let postgres { return try await postgres.subscriptions(principal: principal, resourceType: resourceType) }
        return try await read { db in
            var sql = "SELECT * FROM change_subscriptions WHERE principal = ?"
            var arguments: StatementArguments = [principal]
            if let resourceType {
                sql += " AND resource_type = ?"
                arguments += [resourceType]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY created_at, id", arguments: arguments).map(Self.subscription(from:))
        }
    }

    /// Records a poll: the new cursor and when it happened.
    public func recordPoll(subscriptionID: String, cursor: Int, at date: Date) async throws {
        if let postgres { return try await postgres.recordPoll(subscriptionID: subscriptionID, cursor: cursor, at: date) }
        try await write { db in
            try db.execute(
                sql: "UPDATE change_subscriptions SET cursor = ?, last_poll = ? WHERE id = ?",
                arguments: [cursor, Timestamp.format(date), subscriptionID]
            )
        }
    }

    /// Deletes a subscription; `false` when there was none.
    @discardableResult
    public func deleteSubscription(id: String) async throws -> Bool {
        if let postgres { return try await postgres.deleteSubscriptions(where: "id = ?", [id.databaseValue]) > 0 }
        return try await write { db in
            try db.execute(sql: "DELETE FROM change_subscriptions WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    /// Deletes subscriptions not polled (or, never polled, not created) since `date`.
    @discardableResult
    public func expireSubscriptions(idleSince date: Date) async throws -> Int {
        if let postgres {
            return try await postgres.deleteSubscriptions(where: "coalesce(last_poll, created_at) < ?", [Timestamp.format(date).databaseValue])
        }
        return try await write { db in
            try db.execute(
                sql: "DELETE FROM change_subscriptions WHERE coalesce(last_poll, created_at) < ?",
                arguments: [Timestamp.format(date)]
            )
            return db.changesCount
        }
    }

    /// The oldest change sequence number still in the log (0 when it is empty): a cursor before
    /// it has missed entries that were pruned.
    public func oldestRetainedChange() async throws -> Int {
        if let postgres { return try await postgres.oldestRetainedChange() }
        return try await read { db in try Int.fetchOne(db, sql: "SELECT min(seq) FROM changes") ?? 0 }
    }

    private static func subscription(from row: Row) throws -> ChangeSubscription {
        let created: String = row["created_at"]
        let lastPoll: String? = row["last_poll"]
        return ChangeSubscription(
            id: row["id"], principal: row["principal"], resourceType: row["resource_type"], filters: row["filters"],
            options: row["options"], createdAt: Timestamp.parse(created) ?? Date(timeIntervalSince1970: 0),
            lastPoll: lastPoll.flatMap(Timestamp.parse), cursor: row["cursor"]
        )
    }
}
