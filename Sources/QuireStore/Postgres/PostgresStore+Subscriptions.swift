import Foundation
import GRDB
import PostgresNIO

/// Change subscriptions on PostgreSQL: the same rows as on SQLite.
extension PostgresStore {
    func createSubscription(_ subscription: ChangeSubscription) async throws {
        try await transactionWithoutWriteLock { session in
            try await session.execute(
                """
                INSERT INTO change_subscriptions (id, principal, resource_type, filters, options, created_at, last_poll, cursor)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    subscription.id.databaseValue, subscription.principal.databaseValue, subscription.resourceType.databaseValue,
                    subscription.filters.databaseValue, subscription.options.databaseValue,
                    Timestamp.format(subscription.createdAt).databaseValue,
                    subscription.lastPoll.map(Timestamp.format).databaseValue, subscription.cursor.databaseValue,
                ]
            )
        }
    }

    func subscription(id: String) async throws -> ChangeSubscription? {
        try await read { session in
            try await session.rows("SELECT * FROM change_subscriptions WHERE id = ?", [id.databaseValue]).first.map(Self.subscription(from:))
        }
    }

    func subscriptions(principal: String, resourceType: String?) async throws -> [ChangeSubscription] {
        try await read { session in
            var sql = "SELECT * FROM change_subscriptions WHERE principal = ?"
            var arguments = [principal.databaseValue]
            if let resourceType {
                sql += " AND resource_type = ?"
                arguments.append(resourceType.databaseValue)
            }
            return try await session.rows(sql + " ORDER BY created_at, id", arguments).map(Self.subscription(from:))
        }
    }

    func recordPoll(subscriptionID: String, cursor: Int, at date: Date) async throws {
        try await transactionWithoutWriteLock { session in
            try await session.execute(
                "UPDATE change_subscriptions SET cursor = ?, last_poll = ? WHERE id = ?",
                [cursor.databaseValue, Timestamp.format(date).databaseValue, subscriptionID.databaseValue]
            )
        }
    }

    /// Deletes matching subscriptions and says how many went.
    func deleteSubscriptions(where condition: String, _ arguments: [DatabaseValue]) async throws -> Int {
        try await transactionWithoutWriteLock { session in
            Int(try await session.scalar(
                Int64.self, "WITH gone AS (DELETE FROM change_subscriptions WHERE \(condition) RETURNING 1) SELECT count(*) FROM gone", arguments
            ) ?? 0)
        }
    }

    func oldestRetainedChange() async throws -> Int {
        try await read { session in Int(try await session.scalar(Int64.self, "SELECT min(seq) FROM changes") ?? 0) }
    }

    private static func subscription(from row: PostgresRandomAccessRow) throws -> ChangeSubscription {
        let lastPoll = try row.value("last_poll", as: String?.self)
        return ChangeSubscription(
            id: try row.value("id"), principal: try row.value("principal"), resourceType: try row.value("resource_type"),
            filters: try row.value("filters"), options: try row.value("options"),
            createdAt: Timestamp.parse(try row.value("created_at", as: String.self)) ?? Date(timeIntervalSince1970: 0),
            lastPoll: lastPoll.flatMap(Timestamp.parse), cursor: Int(try row.value("cursor", as: Int64.self))
        )
    }
}
