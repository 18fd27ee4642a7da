import MCP

/// The era-detection rules of `mcp-client.md` §6, as pure functions so they can be tested alone.
public enum EraNegotiation {
    /// One probe of the detection sequence.
    public enum Step: Sendable, Hashable {
        /// POST `server/discover` with the 2026-07-28 envelope.
        case discover
        /// POST `initialize` with this revision.
        case initialize(ProtocolVersion)
        /// GET the URL for a 2024-11-05 `endpoint` event.
        case sseStream
    }

    /// The probes to try, in order.
    /// - Parameters:
    ///   - preference: the entry's `protocol` (`auto`, `legacy-first` or a revision); `nil` is `auto`.
    ///   - forceSSE: the entry's `type` is `sse`.
    ///   - cached: the era last seen at this origin (`modern`, `legacy`, `sse`).
    public static func plan(preference: String?, forceSSE: Bool, cached: String?) -> [Step] {
        if forceSSE { return [.sseStream] }
        let preference = preference ?? "auto"
        let pinned = ProtocolVersion(rawValue: preference)
        if pinned.isModern { return [.discover] }
        if pinned == .v2024_11_05 { return [.sseStream, .initialize(.v2024_11_05)] }
        if ProtocolVersion.handshake.contains(pinned) { return [.initialize(pinned), .sseStream] }
        let modernFirst: [Step] = [.discover, .initialize(.latestHandshake), .sseStream]
        let legacyFirst: [Step] = [.initialize(.latestHandshake), .discover, .sseStream]
        switch cached {
        case "legacy"?: return legacyFirst
        case "sse"?: return [.sseStream, .discover, .initialize(.latestHandshake)]
        case "modern"?: return modernFirst
        default: return preference == "legacy-first" ? legacyFirst : modernFirst
        }
    }

    /// What a `server/discover` probe's answer means.
    public enum DiscoverVerdict: Sendable, Hashable {
        /// The server speaks 2026-07-28.
        case modern
        /// Retry once with this version from `error.data.supported`.
        case retry(ProtocolVersion)
        /// A recognised modern error: the server is modern but refused; report it.
        case modernError(String)
        /// Not a modern server: continue with `initialize`.
        case fallBack
    }

    /// Judges a discover probe: HTTP status and, when the body was a JSON-RPC error, that error (M17).
    public static func judgeDiscover(status: Int, error: JSONRPCError?, alreadyRetried: Bool) -> DiscoverVerdict {
        if (200..<300).contains(status) {
            guard let error else { return .modern }
            return judgeModernError(error, alreadyRetried: alreadyRetried)
        }
        if status == 400, let error { return judgeModernError(error, alreadyRetried: alreadyRetried) }
        return .fallBack
    }

    private static func judgeModernError(_ error: JSONRPCError, alreadyRetried: Bool) -> DiscoverVerdict {
        switch error.code {
        case JSONRPCError.Code.unsupportedProtocolVersion:
            let supported = error.data?["supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if !alreadyRetried, let version = supported.map(ProtocolVersion.init(rawValue:)).first(where: \.isModern) {
                return .retry(version)
            }
            return .fallBack
        case JSONRPCError.Code.headerMismatch, JSONRPCError.Code.missingRequiredClientCapability:
            return .modernError("\(error.message) (\(error.code))")
        default:
            return .fallBack
        }
    }

    /// Whether an `initialize` probe's status sends the client on to the HTTP+SSE GET.
    public static func initializeFallsBack(status: Int) -> Bool {
        status == 400 || status == 404 || status == 405
    }

    /// The origin (scheme, host, port) an era is cached under.
    public static func origin(of url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), let host = components.host?.lowercased() else { return url }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(host):\(port)"
    }

    /// The `Mcp-Name` header value: raw when it is visible ASCII, else `=?base64?…?=` (M10).
    public static func headerValue(_ value: String) -> String {
        let visible = !value.isEmpty && value.utf8.allSatisfy { (0x21...0x7E).contains($0) || $0 == 0x20 }
            && value.first != " " && value.last != " " && !value.hasPrefix("=?")
        if visible { return value }
        return "=?base64?" + Data(value.utf8).base64EncodedString() + "?="
    }
}

import Foundation
