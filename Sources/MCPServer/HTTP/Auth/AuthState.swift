import Synchronization

/// The authentication pieces that exist only once the server knows its own URL: the
/// authenticator (whose audience is that URL), the metadata document and the challenge builder.
final class AuthState: Sendable {
    struct Resolved: Sendable {
        let authenticator: any Authenticator
        let metadata: ProtectedResourceMetadata?
        let challenge: BearerChallenge
    }

    /// Whether authentication is on at all.
    let required: Bool
    private let resolved = Mutex<Resolved?>(nil)

    init(required: Bool) { self.required = required }

    var current: Resolved? { resolved.withLock { $0 } }

    func resolve(_ value: Resolved) { resolved.withLock { $0 = value } }

    /// Builds the pieces for `settings` now that `resource` is known.
    static func resolve(_ settings: HTTPSecurity.Authentication, resource: String, access: AccessPolicy) async throws -> Resolved {
        let metadata = settings.authorizationServers.isEmpty
            ? nil
            : ProtectedResourceMetadata(resource: resource, authorizationServers: settings.authorizationServers, scopesSupported: access.supportedScopes)
        return Resolved(
            authenticator: try await settings.makeAuthenticator(resource),
            metadata: metadata,
            challenge: BearerChallenge(
                resourceMetadataURL: metadata.flatMap { ProtectedResourceMetadata.metadataURL(for: $0.resource) },
                basicScope: access.scope(for: .read)
            )
        )
    }
}
