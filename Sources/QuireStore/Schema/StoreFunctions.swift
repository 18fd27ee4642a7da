import Foundation
import GRDB

/// SQL functions the store registers on each connection.
enum StoreFunctions {
    /// `quire_number(x)`: `x` as a number when it is one or is text that reads as one, else NULL.
    ///
    /// Filters use it to compare string-valued `custom_metadata` entries with numbers; unlike
    /// `CAST`, it maps non-numeric text to NULL (no match) instead of 0.
    static func number() -> DatabaseFunction {
        DatabaseFunction("quire_number", argumentCount: 1, pure: true) { values in
            let value = values[0]
            switch value.storage {
            case let .int64(number): return number
            case let .double(number): return number
            case let .string(text):
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if let number = Int64(trimmed) { return number }
                if let number = Double(trimmed), number.isFinite { return number }
                return nil
            case .blob, .null:
                return nil
            }
        }
    }

    /// Registers every store function on `db`.
    static func register(on db: Database) {
        db.add(function: number())
    }
}
