/// How a ``DocumentField`` is stored, which decides the filter operators and values it accepts.
public enum FieldKind: String, Sendable, Hashable {
    /// Text compared as text.
    case text
    /// A whole number.
    case integer
    /// An instant, stored as RFC 3339 UTC text with milliseconds and compared as a time.
    case timestamp
    /// A list of strings (`tags`, `contributors`).
    case stringList
    /// The list of relationship structs.
    case relationshipList
    /// The string-to-string map `custom_metadata`.
    case stringMap
}
