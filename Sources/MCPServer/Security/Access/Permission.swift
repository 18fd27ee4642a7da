/// What a caller may do. Permissions form a hierarchy: `admin` includes `write`, which
/// includes `read`, so a token with the admin scope never needs the other two as well.
public enum Permission: String, Sendable, CaseIterable, Comparable, Codable {
    /// Search, get, list, read resources and prompts.
    case read
    /// Add, update, delete documents; batch writes, imports, uploads.
    case write
    /// Delete collections, optimise storage, export metrics.
    case admin

    private var rank: Int {
        switch self {
        case .read: 0
        case .write: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rank < rhs.rank }

    /// Whether holding `self` is enough for something that needs `other`.
    public func includes(_ other: Permission) -> Bool { other <= self }
}
