import Foundation
import MCPServer
import QuireServer

extension Serve {
    /// Authentication, audit log and TLS as the configuration asks.
    static func security(_ configuration: ServeConfiguration, store: String) async throws -> HTTPSecurity {
        var security = HTTPSecurity()
        if let cert = configuration.string("transport.http.ssl.cert"), let key = configuration.string("transport.http.ssl.key") {
            security.tls = .init(certificateChain: cert, privateKey: key)
        }
        return security
    }
}
