/// One SQLite index of the store, for index advice.
public struct StoreIndex: Sendable, Equatable {
    /// The index name.
    public var name: String
    /// The table it indexes.
    public var table: String
    /// The indexed columns, in order (`nil` entries are expressions).
    public var columns: [String?]
    /// Whether the index enforces uniqueness.
    public var isUnique: Bool

    /// Creates an index description.
    public init(name: String, table: String, columns: [String?], isUnique: Bool) {
        self.name = name
        self.table = table
        self.columns = columns
        self.isUnique = isUnique
    }
}
