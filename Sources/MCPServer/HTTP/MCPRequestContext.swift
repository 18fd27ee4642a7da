import Hummingbird
import NIOCore

/// The per-request context of Quire's HTTP routes: Hummingbird's core context plus who is
/// calling (set by the authentication middleware before any route runs) and from where.
public struct MCPRequestContext: Hummingbird.RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller; the anonymous principal when authentication is off.
    public var principal: Principal
    /// The peer's IP address, for per-address rate limits and the audit log.
    public let clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = .anonymous
        clientAddress = source.channel.remoteAddress?.ipAddress
    }
}

extension Principal {
    /// Every HTTP caller when authentication is off: trusted with everything, as the operator
    /// chose by binding without auth.
    public static let anonymous = Principal(id: "anonymous", scopes: ["*"])
}
