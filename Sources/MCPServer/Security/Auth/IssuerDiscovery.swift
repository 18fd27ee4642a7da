import Foundation

/// Finds an issuer's `jwks_uri` through its metadata: RFC 8414 first, then OpenID Connect
/// discovery, in the order the MCP authorization spec gives.
enum IssuerDiscovery {
    /// The metadata URLs to try, in order. For `https://as.example/tenant1`:
    /// `/.well-known/oauth-authorization-server/tenant1`, `/.well-known/openid-configuration/tenant1`,
    /// `/tenant1/.well-known/openid-configuration`; without a path, the first two forms.
    static func metadataURLs(for issuer: URL) -> [URL] {
        guard var components = URLComponents(url: issuer, resolvingAgainstBaseURL: false) else { return [] }
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        components.query = nil
        components.fragment = nil
        let paths = path.isEmpty
            ? ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]
            : ["/.well-known/oauth-authorization-server\(path)", "/.well-known/openid-configuration\(path)",
               "\(path)/.well-known/openid-configuration"]
        return paths.compactMap { candidate in
            var url = components
            url.path = candidate
            return url.url
        }
    }

    /// The `jwks_uri` of the issuer's metadata, after checking that the metadata speaks for
    /// exactly this issuer (a mismatch could hand us another issuer's keys).
    static func jwksURL(issuer: URL, fetcher: KeyFetcher) async throws(KeyFetchError) -> URL {
        let expected = issuer.absoluteString
        for url in metadataURLs(for: issuer) {
            let response = try await fetcher.get(url)
            // Absent at this form: try the next one. Any other failure is the answer.
            if response.status == 404 { continue }
            guard response.status == 200 else {
                throw KeyFetchError("\(url.absoluteString) answered HTTP \(response.status)")
            }
            guard let metadata = try? JSONDecoder().decode(Metadata.self, from: response.body) else {
                throw KeyFetchError("\(url.absoluteString) is not authorization server metadata")
            }
            guard metadata.issuer == expected else {
                throw KeyFetchError("the metadata issuer \(metadata.issuer) does not match \(expected)")
            }
            guard let jwks = metadata.jwksURI, let jwksURL = URL(string: jwks) else {
                throw KeyFetchError("the metadata of \(expected) has no jwks_uri")
            }
            try KeyFetcher.checkTransport(jwksURL)
            return jwksURL
        }
        throw KeyFetchError("no authorization server metadata found for \(expected)")
    }

    private struct Metadata: Decodable {
        var issuer: String
        var jwksURI: String?

        private enum CodingKeys: String, CodingKey {
            case issuer
            case jwksURI = "jwks_uri"
        }
    }
}
