/// Why a filter, filter string or sort key was rejected.
///
/// Every case renders as one line naming the field, operator or position involved.
public enum FilterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path names no document field (nor `custom_metadata.<key>`).
    case unknownField(String)
    /// The operator cannot apply to the field, or the value has the wrong type for both.
    case typeMismatch(field: String, operator: String, reason: String)
    /// The value has the right type but is unusable (e.g. an unparseable timestamp).
    case invalidValue(field: String, operator: String, reason: String)
    /// A filter string does not follow the accepted SQL-like subset.
    /// `position` is the 1-based character offset of the problem.
    case syntax(position: Int, message: String)
    /// The filter nests deeper than the store accepts.
    case tooDeep(limit: Int)
    /// The field cannot be used to sort.
    case unsortable(field: String)

    /// One line naming what is wrong and where.
    public var description: String {
        switch self {
        case let .unknownField(name):
            return "unknown filter field '\(name)'; use a document field such as title, tags or created_at, "
                + "or custom_metadata.<key>"
        case let .typeMismatch(field, op, reason):
            return "filter on '\(field)' with '\(op)': \(reason)"
        case let .invalidValue(field, op, reason):
            return "filter on '\(field)' with '\(op)': \(reason)"
        case let .syntax(position, message):
            return "filter syntax error at position \(position): \(message)"
        case let .tooDeep(limit):
            return "filter nests deeper than \(limit) levels; simplify it"
        case let .unsortable(field):
            return "cannot sort by '\(field)': lists and maps have no order"
        }
    }
}
