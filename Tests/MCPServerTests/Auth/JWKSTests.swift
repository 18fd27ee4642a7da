import Foundation
import JWTKit
import Testing
@testable import MCPServer

/// Keys fetched from a real JWKS endpoint and issuer metadata on loopback.
@Suite("JWT key sets and issuer discovery")
struct JWKSTests {
    /// Runs `body` with an authenticator that owns its HTTP client, and shuts it down after.
    private func withAuthenticator<T: Sendable>(
        _ verification: JWTVerification, clock: TestClock = TestClock(),
        _ body: (JWTAuthenticator) async throws -> T
    ) async throws -> T {
        let authenticator = try await JWTAuthenticator(verification, httpClient: nil, now: clock.now)
        do {
            let result = try await body(authenticator)
            try await authenticator.shutdown()
            return result
        } catch {
            try await authenticator.shutdown()
            throw error
        }
    }

    private func bearer(_ token: String) -> Credentials { Credentials(bearerToken: token) }

    @Test func jwksKeysVerifyTokensAndAreFetchedOnce() async throws {
        let server = KeyServer()
        let ec = ES256PrivateKey()
        server.serve("/jwks.json", try TestKeys.jwks([TestKeys.rsaJWK(kid: "rsa-1"), TestKeys.ecJWK(ec, kid: "ec-1")]))
        try await server.run { base in
            let verification = JWTVerification(keys: .jwks(base.appendingPathComponent("jwks.json")), audiences: [testAudience])
            try await withAuthenticator(verification) { authenticator in
                let rsa = try await TestSigner.rsa(.valid(), kid: "rsa-1")
                let ecToken = try await TestSigner.ec(.valid(sub: "bob"), key: ec, kid: "ec-1")
                #expect(try await authenticator.authenticate(bearer(rsa)).get().id == "alice")
                #expect(try await authenticator.authenticate(bearer(ecToken)).get().id == "bob")
                // A key of the set used under the other key's kid: the kid picks the key.
                let mislabelled = try await TestSigner.rsa(.valid(), kid: "ec-1")
                #expect(failureReason(await authenticator.authenticate(bearer(mislabelled))) == "no signing key for algorithm RS256")
            }
        }
        #expect(server.count("/jwks.json") == 1)
    }

    @Test func unknownKidRefetchesOnceAndThenIsRateLimited() async throws {
        let server = KeyServer()
        let clock = TestClock()
        server.serve("/jwks.json", try TestKeys.jwks([TestKeys.rsaJWK(kid: "old")]))
        try await server.run { base in
            let verification = JWTVerification(keys: .jwks(base.appendingPathComponent("jwks.json")), audiences: [testAudience])
            try await withAuthenticator(verification, clock: clock) { authenticator in
                let first = try await TestSigner.rsa(.valid(), kid: "old")
                #expect(try await authenticator.authenticate(bearer(first)).get().id == "alice")
                #expect(server.count("/jwks.json") == 1)

                // The issuer rotates: a token names a kid we have not seen. Right after the first
                // fetch, the refetch interval holds it back.
                server.serve("/jwks.json", try TestKeys.jwks([TestKeys.rsaJWK(kid: "old"), TestKeys.rsaJWK(TestKeys.otherRSA, kid: "new")]))
                let rotated = try await TestSigner.rsa(.valid(), key: TestKeys.otherRSA, kid: "new")
                #expect(failureReason(await authenticator.authenticate(bearer(rotated))) == "unknown signing key")
                #expect(server.count("/jwks.json") == 1)

                // Once the interval has passed, exactly one refetch finds the new key.
                clock.advance(seconds: 31)
                #expect(try await authenticator.authenticate(bearer(rotated)).get().id == "alice")
                #expect(server.count("/jwks.json") == 2)

                // Made-up kids right after cannot make us fetch again.
                for index in 0..<5 {
                    let made = try await TestSigner.rsa(.valid(), kid: "made-up-\(index)")
                    #expect(failureReason(await authenticator.authenticate(bearer(made))) == "unknown signing key")
                }
                #expect(server.count("/jwks.json") == 2)

                // Later, one made-up kid buys one fetch and no more.
                clock.advance(seconds: 31)
                for index in 0..<3 {
                    let made = try await TestSigner.rsa(.valid(), kid: "later-\(index)")
                    #expect(failureReason(await authenticator.authenticate(bearer(made))) == "unknown signing key")
                }
                #expect(server.count("/jwks.json") == 3)
            }
        }
    }

    @Test func cacheLifetimeFollowsMaxAgeWithinBounds() async throws {
        let server = KeyServer()
        let clock = TestClock()
        server.serve("/jwks.json", try TestKeys.jwks([TestKeys.rsaJWK(kid: "k1")]), cacheControl: "public, max-age=120")
        try await server.run { base in
            let verification = JWTVerification(keys: .jwks(base.appendingPathComponent("jwks.json")), audiences: [testAudience])
            try await withAuthenticator(verification, clock: clock) { authenticator in
                let token = try await TestSigner.rsa(.valid(), kid: "k1")
                _ = try await authenticator.authenticate(bearer(token)).get()
                clock.advance(seconds: 100)
                _ = try await authenticator.authenticate(bearer(token)).get()
                #expect(server.count("/jwks.json") == 1)
                clock.advance(seconds: 21)
                _ = try await authenticator.authenticate(bearer(token)).get()
                #expect(server.count("/jwks.json") == 2)

                // max-age=1 is raised to the 60-second floor.
                server.serve("/jwks.json", try TestKeys.jwks([TestKeys.rsaJWK(kid: "k1")]), cacheControl: "max-age=1")
                clock.advance(seconds: 121)
                _ = try await authenticator.authenticate(bearer(token)).get()
                #expect(server.count("/jwks.json") == 3)
                clock.advance(seconds: 30)
                _ = try await authenticator.authenticate(bearer(token)).get()
                #expect(server.count("/jwks.json") == 3)
            }
        }
    }

    @Test func keysAlreadyHeldOutliveAnIdPOutage() async throws {
        let server = KeyServer()
        let clock = TestClock()
        server.serve("/jwks.json", try TestKeys.jwks([TestKeys.rsaJWK(kid: "k1")]))
        try await server.run { base in
            let url = base.appendingPathComponent("jwks.json")
            try await withAuthenticator(JWTVerification(keys: .jwks(url), audiences: [testAudience]), clock: clock) { authenticator in
                let token = try await TestSigner.rsa(.valid(), kid: "k1")
                _ = try await authenticator.authenticate(bearer(token)).get()
                server.remove("/jwks.json")
                clock.advance(seconds: 601)
                #expect(try await authenticator.authenticate(bearer(token)).get().id == "alice")
                #expect(server.count("/jwks.json") == 2)
                // The failed refresh is not retried on every request.
                _ = try await authenticator.authenticate(bearer(token)).get()
                #expect(server.count("/jwks.json") == 2)
                // A new kid during the outage gets the fetch failure as its reason.
                clock.advance(seconds: 31)
                let rotated = try await TestSigner.rsa(.valid(), kid: "k2")
                #expect(failureReason(await authenticator.authenticate(bearer(rotated))) == "signing keys unavailable: \(url.absoluteString) answered HTTP 404")
                #expect(server.count("/jwks.json") == 3)
            }
        }
    }

    @Test func discoveryFindsTheJWKSThroughOAuthMetadataForAnIssuerWithAPath() async throws {
        let server = KeyServer()
        server.serve("/keys", try TestKeys.jwks([TestKeys.rsaJWK(kid: "k1")]))
        try await server.run { base in
            let issuer = base.appendingPathComponent("tenant1")
            server.serve("/.well-known/oauth-authorization-server/tenant1",
                         #"{"issuer": "\#(issuer.absoluteString)", "jwks_uri": "\#(base.absoluteString)/keys"}"#)
            let verification = JWTVerification(keys: .discovery(issuer), audiences: [testAudience])
            try await withAuthenticator(verification) { authenticator in
                // The issuer is expected as iss by default.
                let good = try await TestSigner.rsa(.valid(iss: issuer.absoluteString), kid: "k1")
                let evil = try await TestSigner.rsa(.valid(iss: "https://evil.test"), kid: "k1")
                #expect(try await authenticator.authenticate(bearer(good)).get().id == "alice")
                #expect(failureReason(await authenticator.authenticate(bearer(evil))) == "issuer does not match \(issuer.absoluteString)")
            }
        }
        #expect(server.requests == ["/.well-known/oauth-authorization-server/tenant1", "/keys"])
    }

    @Test func discoveryFallsBackThroughTheOpenIDFormsInOrder() async throws {
        let server = KeyServer()
        server.serve("/keys", try TestKeys.jwks([TestKeys.rsaJWK(kid: "k1")]))
        try await server.run { base in
            let issuer = base.appendingPathComponent("tenant1")
            server.serve("/tenant1/.well-known/openid-configuration",
                         #"{"issuer": "\#(issuer.absoluteString)", "jwks_uri": "\#(base.absoluteString)/keys"}"#)
            let verification = JWTVerification(keys: .discovery(issuer), audiences: [testAudience])
            try await withAuthenticator(verification) { authenticator in
                let token = try await TestSigner.rsa(.valid(iss: issuer.absoluteString), kid: "k1")
                #expect(try await authenticator.authenticate(bearer(token)).get().id == "alice")
            }
        }
        #expect(server.requests == [
            "/.well-known/oauth-authorization-server/tenant1",
            "/.well-known/openid-configuration/tenant1",
            "/tenant1/.well-known/openid-configuration",
            "/keys",
        ])
    }

    @Test func metadataNamingAnotherIssuerIsRefused() async throws {
        let server = KeyServer()
        let clock = TestClock()
        server.serve("/keys", try TestKeys.jwks([TestKeys.rsaJWK(kid: "k1")]))
        try await server.run { base in
            server.serve("/.well-known/oauth-authorization-server",
                         #"{"issuer": "https://evil.test", "jwks_uri": "\#(base.absoluteString)/keys"}"#)
            let verification = JWTVerification(keys: .discovery(base), audiences: [testAudience])
            try await withAuthenticator(verification, clock: clock) { authenticator in
                let token = try await TestSigner.rsa(.valid(iss: base.absoluteString), kid: "k1")
                let reason = failureReason(await authenticator.authenticate(bearer(token)))
                #expect(reason == "signing keys unavailable: the metadata issuer https://evil.test does not match \(base.absoluteString)")
                // A failed discovery is not retried on every request.
                _ = await authenticator.authenticate(bearer(token))
                #expect(server.count("/.well-known/oauth-authorization-server") == 1)
            }
        }
        #expect(server.count("/keys") == 0)
    }

    @Test func oversizedKeySetIsRefused() async throws {
        let server = KeyServer()
        let padding = String(repeating: "x", count: 300 * 1024)
        server.serve("/jwks.json", #"{"keys": [], "padding": "\#(padding)"}"#)
        try await server.run { base in
            let url = base.appendingPathComponent("jwks.json")
            try await withAuthenticator(JWTVerification(keys: .jwks(url), audiences: [testAudience])) { authenticator in
                let token = try await TestSigner.rsa(.valid(), kid: "k1")
                #expect(failureReason(await authenticator.authenticate(bearer(token)))
                    == "signing keys unavailable: \(url.absoluteString) answered with more than 262144 bytes")
            }
        }
    }

    @Test func concurrentTokensShareOneFetch() async throws {
        let server = KeyServer()
        server.serve("/jwks.json", try TestKeys.jwks([TestKeys.rsaJWK(kid: "k1")]))
        try await server.run { base in
            let verification = JWTVerification(keys: .jwks(base.appendingPathComponent("jwks.json")), audiences: [testAudience])
            try await withAuthenticator(verification) { authenticator in
                let token = try await TestSigner.rsa(.valid(), kid: "k1")
                let accepted = await withTaskGroup(of: Bool.self) { group in
                    for _ in 0..<8 { group.addTask { (try? await authenticator.authenticate(Credentials(bearerToken: token)).get()) != nil } }
                    return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(accepted == 8)
            }
        }
        #expect(server.count("/jwks.json") == 1)
    }
}

@Suite("Key fetching rules")
struct KeyFetchingRuleTests {
    @Test func metadataURLsFollowTheSpecOrder() throws {
        let withPath = IssuerDiscovery.metadataURLs(for: try #require(URL(string: "https://as.example.com/tenant1/")))
        #expect(withPath.map(\.absoluteString) == [
            "https://as.example.com/.well-known/oauth-authorization-server/tenant1",
            "https://as.example.com/.well-known/openid-configuration/tenant1",
            "https://as.example.com/tenant1/.well-known/openid-configuration",
        ])
        let root = IssuerDiscovery.metadataURLs(for: try #require(URL(string: "https://as.example.com")))
        #expect(root.map(\.absoluteString) == [
            "https://as.example.com/.well-known/oauth-authorization-server",
            "https://as.example.com/.well-known/openid-configuration",
        ])
    }

    @Test func onlyHTTPSOrLoopbackHTTPIsFetched() throws {
        for allowed in ["https://idp.example.com/jwks", "http://127.0.0.1:9/jwks", "http://localhost/jwks", "http://[::1]:8/jwks"] {
            #expect(throws: Never.self) { try KeyFetcher.checkTransport(try #require(URL(string: allowed))) }
        }
        for refused in ["http://idp.example.com/jwks", "http://169.254.169.254/latest", "ftp://127.0.0.1/jwks", "http://127.0.0.1.evil.com/jwks"] {
            #expect(throws: KeyFetchError.self) { try KeyFetcher.checkTransport(try #require(URL(string: refused))) }
        }
    }

    @Test func cacheControlMaxAgeIsRead() {
        #expect(KeyFetcher.maxAge(["public, max-age=300"]) == 300)
        #expect(KeyFetcher.maxAge(["max-age=300, no-cache"]) == 0)
        #expect(KeyFetcher.maxAge(["no-store"]) == 0)
        #expect(KeyFetcher.maxAge(["private"]) == nil)
        #expect(KeyFetcher.maxAge([]) == nil)
        #expect(KeyFetcher.maxAge(["max-age=-5"]) == nil)
    }
}
