import Foundation
import NIOCore
import PostgresNIO

/// Turns PostgreSQL client and server failures into ``StoreError``s with actionable messages.
///
/// Messages name the host, port, database and user, never the password; a server error keeps
/// its SQLSTATE and message so an operator can look it up.
enum PostgresErrorMapping {
    /// `error` translated for callers: store errors and PostgreSQL failures become ``StoreError``s;
    /// cancellation and errors thrown by a caller's own closure pass through unchanged.
    static func translate(_ error: any Error, location: PostgresLocation) -> any Error {
        switch error {
        case is StoreError, is FilterError, is PSQLError, is IOError, is ChannelError, is NIOConnectionError:
            return map(error, location: location)
        default:
            return error
        }
    }

    /// `error` as a ``StoreError``.
    static func map(_ error: any Error, location: PostgresLocation) -> StoreError {
        switch error {
        case let error as StoreError:
            return error
        case let error as FilterError:
            return .filter(error)
        case let error as PSQLError:
            return map(error, location: location)
        case is IOError, is ChannelError, is NIOConnectionError:
            return .unavailable(location: location.description, reason: reason(of: error))
        default:
            return .database(message: String(describing: error))
        }
    }

    private static func map(_ error: PSQLError, location: PostgresLocation) -> StoreError {
        let shown = location.description
        if error.code == .server, let info = error.serverInfo {
            let state = info[.sqlState] ?? "?????"
            let message = info[.message] ?? "no message"
            switch state {
            case "28P01", "28000":
                return .cannotOpen(path: shown, reason: "authentication failed for user \(location.user) (\(message)); check the user and password")
            case "3D000":
                return .cannotOpen(path: shown, reason: "database \(location.database) does not exist; create it (createdb \(location.database))")
            case "25006":
                return .readOnly(path: shown)
            case "57014":
                return .database(message: "the statement was cancelled after statement_timeout (\(location.statementTimeoutMilliseconds) ms) or by request: \(message)")
            case "53300":
                return .unavailable(location: shown, reason: "the server has no free connections (\(message)); lower pool_max or raise max_connections")
            case _ where state.hasPrefix("08") || state.hasPrefix("57P"):
                return .unavailable(location: shown, reason: "\(message) (SQLSTATE \(state))")
            default:
                return .database(message: "\(message) (SQLSTATE \(state))")
            }
        }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            let cause = error.underlying.map(reason(of:)) ?? "\(error.code)"
            return .unavailable(location: shown, reason: cause)
        case .sslUnsupported:
            return .cannotOpen(path: shown, reason: "the server does not offer TLS; use sslmode=disable or prefer")
        case .authMechanismRequiresPassword:
            return .cannotOpen(path: shown, reason: "the server asks for a password; put it in the URL (postgres://\(location.user):PASSWORD@…)")
        case .unsupportedAuthMechanism, .saslError:
            return .cannotOpen(path: shown, reason: "authentication failed for user \(location.user) (\(error.code))")
        case .queryCancelled:
            return .database(message: "the statement was cancelled")
        default:
            return .database(message: "PostgreSQL client error \(error.code)" + (error.underlying.map { ": \(reason(of: $0))" } ?? ""))
        }
    }

    /// A short cause for a network-level failure ("connection refused", "timed out", …).
    private static func reason(of error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return reason(of: first.error) }
            if let dns = error.dnsAAAAError ?? error.dnsAError { return "cannot resolve \(error.host): \(dns)" }
            return "cannot connect to \(error.host):\(error.port)"
        case let error as IOError:
            // "Connection refused (errno 111)" rather than NIO's internal wording.
            return String(cString: strerror(error.errnoCode)) + " (errno \(error.errnoCode))"
        case ChannelError.connectTimeout(let amount):
            return "connecting timed out after \(amount.nanoseconds / 1_000_000_000) s"
        default:
            return String(describing: error)
        }
    }
}
