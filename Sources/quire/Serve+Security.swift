import AsyncHTTPClient
import Foundation
import MCPServer
import QuireServer

extension Serve {
    /// Authentication, audit log and TLS as the configuration asks. `httpClient` fetches issuer
    /// metadata and keys; the caller shuts it down after serving.
    static func security(_ configuration: ServeConfiguration, store: String, httpClient: HTTPClient) throws -> HTTPSecurity {
        var security = HTTPSecurity()
        if let cert = configuration.string("transport.http.ssl.cert"), let key = configuration.string("transport.http.ssl.key") {
            security.tls = .init(certificateChain: cert, privateKey: key)
        }
        security.rateLimits = RateLimitConfiguration(
            requestsPerMinute: configuration.int("transport.http.rate_limit.requests_per_minute"),
            burst: configuration.int("transport.http.rate_limit.burst"),
            globalRequestsPerMinute: configuration.int("transport.http.rate_limit.global_requests_per_minute"),
            maxStreamsPerPrincipal: configuration.int("transport.http.rate_limit.max_streams_per_principal")
        )
        let auditPath = configuration.string("audit.path") ?? (configuration.authMode == "none" ? nil : store + ".audit.log")
        if let auditPath {
            security.audit = AuditLogFile(configuration: .init(
                path: auditPath, maxBytes: configuration.int("audit.max_bytes"), keep: configuration.int("audit.keep")
            ))
        }
        let resource = configuration.string("transport.http.auth.resource")
        switch configuration.authMode {
        case "jwt":
            let verification = try jwtVerification(configuration)
            let issuer = configuration.string("transport.http.auth.issuer")
            var servers = configuration.strings("transport.http.auth.authorization_servers")
            if servers.isEmpty, let issuer { servers = [issuer] }
            let extraAudiences = configuration.strings("transport.http.auth.audience")
            security.authentication = .init(resource: resource, authorizationServers: servers) { resource in
                var verification = verification
                verification.audiences = [resource] + extraAudiences
                return try await JWTAuthenticator(verification, httpClient: httpClient)
            }
        case "api-key":
            let path = configuration.string("transport.http.auth.api_keys_file") ?? AuthFiles.home.appendingPathComponent("api-keys.json").path
            let authenticator: APIKeyAuthenticator
            do {
                authenticator = try APIKeyAuthenticator(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw ConfigurationError("\(configuration.label("transport.http.auth.api_keys_file")) \(path): \(error)")
            }
            security.authentication = .init(resource: resource, authorizationServers: configuration.strings("transport.http.auth.authorization_servers")) { _ in
                authenticator
            }
        default:
            break
        }
        return security
    }

    /// The JWT checks the configuration describes; the audience is filled in once the server
    /// knows its own URL.
    private static func jwtVerification(_ configuration: ServeConfiguration) throws -> JWTVerification {
        let keys: JWTVerification.KeySource
        if let secret = configuration.string("transport.http.auth.secret") {
            keys = .sharedSecret(Array(secret.utf8))
        } else if let file = configuration.string("transport.http.auth.public_key_file") {
            guard let pem = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ConfigurationError("\(configuration.label("transport.http.auth.public_key_file")) \(file): cannot read the public key")
            }
            keys = .publicKeyPEM(pem)
        } else if let jwks = configuration.string("transport.http.auth.jwks_uri") {
            guard let url = URL(string: jwks), url.scheme != nil else { throw ConfigurationError("\(configuration.label("transport.http.auth.jwks_uri")): \(jwks) is not a URL") }
            keys = .jwks(url)
        } else if let issuer = configuration.string("transport.http.auth.issuer"), let url = URL(string: issuer), url.scheme != nil {
            keys = .discovery(url)
        } else {
            throw ConfigurationError("--auth jwt needs --jwt-issuer (a URL), --jwks-uri, --jwt-public-key or QUIRE_JWT_SECRET")
        }
        var algorithms: Set<JWTVerification.Algorithm>?
        let named = configuration.strings("transport.http.auth.algorithms")
        if !named.isEmpty {
            algorithms = []
            for name in named {
                guard let algorithm = JWTVerification.Algorithm(rawValue: name) else {
                    let known = JWTVerification.Algorithm.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ConfigurationError("\(configuration.label("transport.http.auth.algorithms")): \(name) is not one of \(known)")
                }
                algorithms?.insert(algorithm)
            }
        }
        return JWTVerification(
            keys: keys, issuer: configuration.string("transport.http.auth.issuer"), audiences: [],
            algorithms: algorithms, leeway: .milliseconds(Int(configuration.double("transport.http.auth.leeway") * 1000))
        )
    }
}
