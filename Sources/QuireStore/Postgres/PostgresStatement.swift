import Foundation
import GRDB
import PostgresNIO

/// SQL with `?` placeholders and its values, turned into a `PostgresQuery` (`$1`, `$2`, …).
///
/// The store writes both dialects with `?` placeholders so compiled filters (``CompiledFilter``)
/// serve both; the SQL text comes only from fixed fragments, so a `?` in it is always a placeholder
/// (the store never uses jsonb's `?` operator).
struct PostgresStatement: Sendable {
    var sql: String
    var arguments: [DatabaseValue]

    init(_ sql: String, _ arguments: [DatabaseValue] = []) {
        self.sql = sql
        self.arguments = arguments
    }

    /// The query to send: numbered placeholders and typed binds (text, int8, float8, bytea, or null).
    func query() throws -> PostgresQuery {
        var text = ""
        text.reserveCapacity(sql.utf8.count + arguments.count * 2)
        var number = 0
        for character in sql {
            if character == "?" {
                number += 1
                text += "$\(number)"
            } else {
                text.append(character)
            }
        }
        guard number == arguments.count else {
            throw StoreError.database(message: "statement has \(number) placeholders but \(arguments.count) values")
        }
        var binds = PostgresBindings(capacity: arguments.count)
        for value in arguments {
            switch value.storage {
            case .null: binds.appendNull()
            case .int64(let number): binds.append(number)
            case .double(let number): binds.append(number)
            case .string(let string): binds.append(string)
            case .blob(let data): try binds.append(data)
            }
        }
        return PostgresQuery(unsafeSQL: text, binds: binds)
    }
}

/// Runs statements on one leased connection (inside a transaction when the caller opened one).
struct PostgresSession: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs a statement that returns no rows wanted.
    func execute(_ sql: String, _ arguments: [DatabaseValue] = []) async throws {
        _ = try await rows(sql, arguments)
    }

    /// Every row of a statement.
    func rows(_ sql: String, _ arguments: [DatabaseValue] = []) async throws -> [PostgresRandomAccessRow] {
        let query = try PostgresStatement(sql, arguments).query()
        var rows: [PostgresRandomAccessRow] = []
        for try await row in try await connection.query(query, logger: logger) {
            rows.append(row.makeRandomAccess())
        }
        return rows
    }

    /// Streams the rows of a statement to `body` without keeping them.
    func forEachRow(_ sql: String, _ arguments: [DatabaseValue] = [], _ body: (PostgresRandomAccessRow) throws -> Void) async throws {
        let query = try PostgresStatement(sql, arguments).query()
        for try await row in try await connection.query(query, logger: logger) {
            try body(row.makeRandomAccess())
        }
    }

    /// The first column of the first row, or `nil` when there is no row or it is NULL.
    func scalar<Value: PostgresDecodable>(
        _ type: Value.Type, _ sql: String, _ arguments: [DatabaseValue] = []
    ) async throws -> Value? where Value._DecodableType == Value {
        guard let row = try await rows(sql, arguments).first, row.count > 0 else { return nil }
        return try row[0].decode(Value?.self)
    }
}

extension PostgresRandomAccessRow {
    /// The value of `column`, decoded as `type`, with a store error naming the column on mismatch.
    func value<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        do {
            return try self[column].decode(Value.self)
        } catch {
            throw StoreError.database(message: "column \(column) could not be read as \(Value.self): \(error)")
        }
    }
}
