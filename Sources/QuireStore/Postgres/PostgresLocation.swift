import Foundation

/// A PostgreSQL store's address and connection settings, read from a `postgres://` URL.
///
/// `postgres://user[:password]@host[:port]/database[?setting=value&…]`; `postgresql://` is accepted
/// too. Settings: `sslmode` (`disable`, `prefer` — the default — or `require`), `schema` (the
/// schema holding the store's tables, default `public`; created when missing), `pool_max`
/// (connections, default 10), `statement_timeout` (milliseconds, default 30000) and
/// `connect_timeout` (seconds, default 10). The password is never part of ``description``.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is encrypted.
    public enum TLSMode: String, Sendable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, else plain TCP.
        case prefer
        /// TLS or no connection.
        case require
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port (5432 unless the URL says otherwise).
    public var port: Int
    /// The role to connect as.
    public var user: String
    /// The role's password, if the URL carries one; never shown in ``description``.
    public var password: String?
    /// The database holding the store.
    public var database: String
    /// The schema holding the store's tables (`schema=`, default `public`); one database can hold several stores.
    public var schema: String
    /// How the connection is encrypted (`sslmode=`).
    public var tls: TLSMode
    /// The most connections the store's pool opens (`pool_max=`); one more is used to listen for changes.
    public var maximumConnections: Int
    /// How long one statement may run before the server cancels it (`statement_timeout=`, ms; 0 for no limit).
    public var statementTimeoutMilliseconds: Int
    /// How long to wait for a connection, at open and whenever the pool has none (`connect_timeout=`, s).
    public var connectTimeoutSeconds: Int

    /// Whether `text` is meant as a PostgreSQL URL rather than a file path.
    public static func isPostgresURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Reads `text`; every problem is a ``StoreError/cannotOpen(path:reason:)`` naming the setting.
    public init(url text: String) throws(StoreError) {
        let shown = Self.redacted(text)
        func fail(_ reason: String) -> StoreError { .cannotOpen(path: shown, reason: reason) }
        guard Self.isPostgresURL(text), let components = URLComponents(string: text) else {
            throw fail("not a postgres:// URL; write postgres://user@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else { throw fail("the URL names no host") }
        guard let user = components.user, !user.isEmpty else {
            throw fail("the URL names no user; write postgres://USER@\(host)/database")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw fail("the URL names no database; write postgres://\(user)@\(host)/DATABASE")
        }
        self.host = host
        self.port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw fail("port \(port) is out of range") }
        self.user = user
        self.password = components.password
        self.database = database
        self.schema = "public"
        self.tls = .prefer
        self.maximumConnections = 10
        self.statementTimeoutMilliseconds = 30_000
        self.connectTimeoutSeconds = 10
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            func number(_ range: ClosedRange<Int>) throws(StoreError) -> Int {
                guard let number = Int(value), range.contains(number) else {
                    throw fail("\(item.name)=\(value) is not a number in \(range.lowerBound)…\(range.upperBound)")
                }
                return number
            }
            switch item.name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw fail("sslmode=\(value) is not supported; use disable, prefer or require")
                }
                tls = mode
            case "schema":
                guard !value.isEmpty, value.utf8.count <= 63, !value.contains("\0") else {
                    throw fail("schema must be 1…63 bytes")
                }
                schema = value
            case "pool_max": maximumConnections = try number(1...1000)
            case "statement_timeout": statementTimeoutMilliseconds = try number(0...86_400_000)
            case "connect_timeout": connectTimeoutSeconds = try number(1...600)
            default:
                throw fail("unknown setting \(item.name); use sslmode, schema, pool_max, statement_timeout or connect_timeout")
            }
        }
    }

    /// `postgres://user@host:port/database`, plus the schema when it is not `public`; no password.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (schema == "public" ? "" : "?schema=\(schema)")
    }

    /// `text` with any password replaced by `***`, for messages about a URL that did not parse.
    static func redacted(_ text: String) -> String {
        guard let components = URLComponents(string: text), components.password != nil else {
            // Unparsable: keep only what precedes a possible credential.
            if let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://") {
                return String(text[..<scheme.upperBound]) + "***" + String(text[at...])
            }
            return text
        }
        var copy = components
        copy.password = "***"
        return copy.string ?? "postgres://***"
    }
}
