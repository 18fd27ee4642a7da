/// A literal a filter compares against.
public enum FilterValue: Sendable, Equatable {
    /// No value: with `eq` the field is absent, with `ne` it is present.
    case null
    /// A boolean; the value of `exists`.
    case bool(Bool)
    /// A whole number.
    case int(Int64)
    /// A decimal number.
    case double(Double)
    /// A string; timestamps are strings in RFC 3339 or `YYYY-MM-DD` form.
    case string(String)
    /// A list, for `in`, `nin`, `any` and `all`.
    case list([FilterValue])

    /// The value's type, for error messages.
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .list: return "a list"
        }
    }
}
