/// An MCP protocol revision, such as `2025-11-25`.
///
/// Revisions are an enumerated set, so ordering and era questions go through ``known`` rather
/// than comparing strings.
public struct ProtocolVersion: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The revision's date string, e.g. `2025-11-25`.
    public let rawValue: String

    /// Creates a `ProtocolVersion` from its members.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// 2024-11-05: the first revision (HTTP+SSE transport).
    public static let v2024_11_05 = ProtocolVersion(rawValue: "2024-11-05")
    /// 2025-03-26: Streamable HTTP and sessions.
    public static let v2025_03_26 = ProtocolVersion(rawValue: "2025-03-26")
    /// 2025-06-18: structured tool output, elicitation.
    public static let v2025_06_18 = ProtocolVersion(rawValue: "2025-06-18")
    /// 2025-11-25: the last revision with the `initialize` handshake.
    public static let v2025_11_25 = ProtocolVersion(rawValue: "2025-11-25")
    /// 2026-07-28: the stateless era (`_meta` envelope, `server/discover`).
    public static let v2026_07_28 = ProtocolVersion(rawValue: "2026-07-28")

    /// Every revision Quire speaks, oldest first.
    public static let known: [ProtocolVersion] = [.v2024_11_05, .v2025_03_26, .v2025_06_18, .v2025_11_25, .v2026_07_28]
    /// Revisions reached through the `initialize` handshake (the legacy era).
    public static let handshake: [ProtocolVersion] = [.v2024_11_05, .v2025_03_26, .v2025_06_18, .v2025_11_25]
    /// Revisions that carry a per-request `_meta` envelope instead of a session (the modern era).
    public static let modern: [ProtocolVersion] = [.v2026_07_28]
    /// The newest revision that uses the `initialize` handshake.
    public static let latestHandshake = ProtocolVersion.v2025_11_25
    /// The newest revision Quire speaks.
    public static let latest = ProtocolVersion.v2026_07_28
    /// What an HTTP request without `MCP-Protocol-Version` is assumed to speak (L30).
    public static let assumedWithoutHeader = ProtocolVersion.v2025_03_26

    /// Whether Quire speaks this revision at all.
    public var isKnown: Bool { Self.known.contains(self) }
    /// Whether this revision is stateless with a per-request envelope.
    public var isModern: Bool { Self.modern.contains(self) }
    /// Only 2025-03-26 allows JSON-RPC batches.
    public var allowsBatching: Bool { self == .v2025_03_26 }

    /// Position in ``known``, for "at least" questions; unknown revisions sort before all.
    public func isAtLeast(_ other: ProtocolVersion) -> Bool {
        (Self.known.firstIndex(of: self) ?? -1) >= (Self.known.firstIndex(of: other) ?? Int.max)
    }

    /// The revision a server answers `initialize` with: the client's, when it is a handshake
    /// revision Quire supports, else the latest handshake revision (the client then decides).
    public static func negotiateHandshake(requested: String) -> ProtocolVersion {
        let candidate = ProtocolVersion(rawValue: requested)
        return handshake.contains(candidate) ? candidate : latestHandshake
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
