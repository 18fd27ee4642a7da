/// A structured filter over documents, compiled by the store into a parameterized SQL condition.
///
/// Build one directly, from ContextFrame's JSON form at the tool layer, or from the SQL-like
/// subset with ``FilterStringParser/parse(_:)``. Values are always bound as SQL parameters,
/// never spliced into SQL text.
///
/// Every comparison evaluates to true or false, never SQL's "unknown": a missing (null) field
/// simply fails `eq`, `lt`, `in`, `contains`, … and passes `ne` and `nin`. So `.not(f)` matches
/// exactly the documents `f` does not, and `status ne "draft"` includes documents without a status.
public indirect enum Filter: Sendable, Equatable {
    /// All of the filters hold (an empty list matches everything).
    case and([Filter])
    /// At least one of the filters holds (an empty list matches nothing).
    case or([Filter])
    /// The filter does not hold.
    case not(Filter)
    /// The field at the path compares with the value using the operator.
    case compare(FilterPath, FilterOperator, FilterValue)

    /// The deepest nesting the store accepts, to bound recursion on untrusted input.
    public static let maximumDepth = 32

    /// Checks field types, operators and values without touching a database.
    ///
    /// - Throws: ``FilterError`` naming the field and operator at fault.
    public func validate() throws(FilterError) {
        _ = try FilterCompiler.compile(self)
    }
}
