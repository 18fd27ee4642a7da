import GRDB

/// Turns errors raised inside database work into ``StoreError``s.
enum StoreErrorMapping {
    /// `error` as a ``StoreError``; SQLite failures get a message saying what to do.
    static func map(_ error: any Error, path: String) -> StoreError {
        switch error {
        case let error as StoreError:
            return error
        case let error as FilterError:
            return .filter(error)
        case let error as DatabaseError:
            return map(error, path: path)
        default:
            return .database(message: String(describing: error))
        }
    }

    /// `error` translated for callers: store, filter and SQLite errors become ``StoreError``s;
    /// cancellation and errors thrown by a caller's own closure pass through unchanged.
    static func translate(_ error: any Error, path: String) -> any Error {
        switch error {
        case is StoreError, is FilterError, is DatabaseError:
            return map(error, path: path)
        default:
            return error
        }
    }

    private static func map(_ error: DatabaseError, path: String) -> StoreError {
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_READONLY:
            return .readOnly(path: path)
        case .SQLITE_NOTADB:
            return .notAQuireStore(path: path, reason: "file is not a database")
        case .SQLITE_CORRUPT:
            return .cannotOpen(path: path, reason: "the database file is corrupt (\(detail))")
        case .SQLITE_CANTOPEN:
            return .cannotOpen(path: path, reason: detail)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .database(message: "the store is locked by another process; try again (\(detail))")
        case .SQLITE_FULL:
            return .database(message: "the disk is full; free some space (\(detail))")
        case .SQLITE_PERM, .SQLITE_AUTH:
            return .readOnly(path: path)
        default:
            return .database(message: detail)
        }
    }
}
