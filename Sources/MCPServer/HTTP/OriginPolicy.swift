/// Decides whether a request's `Origin` and `Host` are acceptable (L2, DNS-rebinding defence).
///
/// Loopback names on any port are always accepted; others must be configured. A request
/// without `Origin` is not from a browser page and passes that check.
public struct OriginPolicy: Sendable {
    /// Origins allowed besides loopback ones, lowercased.
    public var allowedOrigins: Set<String>
    /// Host values allowed besides loopback names, lowercased (`*` allows any).
    public var allowedHosts: Set<String>

    /// A policy allowing these origins and hosts besides loopback ones.
    public init(allowedOrigins: [String], allowedHosts: [String]) {
        self.allowedOrigins = Set(allowedOrigins.map { $0.lowercased() })
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
    }

    static let loopbackNames: Set<String> = ["localhost", "127.0.0.1", "[::1]", "::1"]

    /// Why the origin is refused, or `nil` when it is fine.
    public func rejectOrigin(_ origin: String?) -> String? {
        guard let origin, origin != "null" || allowedOrigins.contains("null") else {
            return origin == nil ? nil : "Origin null is not allowed"
        }
        let lowered = origin.lowercased()
        if allowedOrigins.contains("*") || allowedOrigins.contains(lowered) { return nil }
        // scheme://host[:port]
        guard let schemeEnd = lowered.range(of: "://") else { return "Origin \(origin) is malformed" }
        let authority = String(lowered[schemeEnd.upperBound...])
        if Self.loopbackNames.contains(Self.hostName(authority)) { return nil }
        return "Origin \(origin) is not allowed"
    }

    /// Why the Host header is refused, or `nil` when it is fine.
    public func rejectHost(_ host: String?) -> String? {
        guard let host, !host.isEmpty else { return "the Host header is missing" }
        // Every local request names a loopback host: accept it without building Strings.
        if Self.isPlainLoopback(host.utf8) { return nil }
        let lowered = host.lowercased()
        if allowedHosts.contains("*") || allowedHosts.contains(lowered) { return nil }
        let name = Self.hostName(lowered)
        if Self.loopbackNames.contains(name) || allowedHosts.contains(name) { return nil }
        return "Host \(host) is not allowed"
    }

    /// Whether `host` is `localhost`, `127.0.0.1` or `[::1]` (any case), alone or followed by
    /// `:` or `/`. `false` means only "not decided here": the general check then runs.
    static func isPlainLoopback(_ host: String.UTF8View) -> Bool {
        var name: [UInt8] = []
        name.reserveCapacity(16)
        for byte in host {
            if byte == UInt8(ascii: "/") || (byte == UInt8(ascii: ":") && name.first != UInt8(ascii: "[")) { break }
            // Past any loopback name's length: not one of them.
            if name.count == 9 { return false }
            name.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            if byte == UInt8(ascii: "]") { break }
        }
        return name.elementsEqual("localhost".utf8) || name.elementsEqual("127.0.0.1".utf8) || name.elementsEqual("[::1]".utf8)
    }

    /// The host part of `host[:port]`, with IPv6 brackets kept.
    static func hostName(_ authority: String) -> String {
        let withoutPath = authority.split(separator: "/", maxSplits: 1).first.map(String.init) ?? authority
        if withoutPath.hasPrefix("[") {
            guard let close = withoutPath.firstIndex(of: "]") else { return withoutPath }
            return String(withoutPath[...close])
        }
        return withoutPath.split(separator: ":", maxSplits: 1).first.map(String.init) ?? withoutPath
    }
}
