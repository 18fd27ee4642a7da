import Foundation
import JWTKit
import Testing
@testable import MCPServer

@Suite("JWTAuthenticator with configured keys")
struct JWTAuthenticatorTests {
    private func rsaAuthenticator(issuer: String? = "https://issuer.test", algorithms: Set<JWTVerification.Algorithm>? = nil) async throws -> JWTAuthenticator {
        try await JWTAuthenticator(JWTVerification(
            keys: .publicKeyPEM(TestKeys.rsaPublicPEM), issuer: issuer, audiences: [testAudience], algorithms: algorithms
        ))
    }

    private func authenticate(_ authenticator: JWTAuthenticator, _ token: String) async -> Result<Principal, AuthenticationFailure> {
        await authenticator.authenticate(Credentials(bearerToken: token))
    }

    @Test func validRS256TokenGivesThePrincipalAndScopes() async throws {
        let authenticator = try await rsaAuthenticator()
        let token = try await TestSigner.rsa(.valid(iss: "https://issuer.test"))
        let principal = try await authenticate(authenticator, token).get()
        #expect(principal == Principal(id: "alice", scopes: ["read", "write"]))
    }

    @Test func validPS256TokenIsAcceptedWithTheSameRSAKey() async throws {
        let authenticator = try await rsaAuthenticator()
        let token = try await TestSigner.rsa(.valid(iss: "https://issuer.test"), algorithm: "PS256")
        #expect(try await authenticate(authenticator, token).get().id == "alice")
    }

    @Test func algorithmNoneIsRefused() async throws {
        let authenticator = try await rsaAuthenticator()
        for alg in ["none", "None", "NONE"] {
            let token = try TestSigner.handBuilt(header: ["alg": alg, "typ": "JWT"], claims: .valid(iss: "https://issuer.test"))
            #expect(failureReason(await authenticate(authenticator, token)) == "algorithm none is not allowed")
        }
    }

    @Test func tokenSignedWithAnotherKeyIsRefused() async throws {
        let authenticator = try await rsaAuthenticator()
        let token = try await TestSigner.rsa(.valid(iss: "https://issuer.test"), key: TestKeys.otherRSA)
        #expect(failureReason(await authenticate(authenticator, token)) == "invalid signature")
    }

    @Test func tamperedPayloadIsRefused() async throws {
        let authenticator = try await rsaAuthenticator()
        let token = try await TestSigner.rsa(.valid(iss: "https://issuer.test"))
        let parts = token.split(separator: ".")
        let admin = TestClaims.valid(sub: "mallory", iss: "https://issuer.test", scope: "admin")
        let forged = "\(parts[0]).\(base64URL(try JSONEncoder().encode(admin))).\(parts[2])"
        #expect(failureReason(await authenticate(authenticator, forged)) == "invalid signature")
    }

    @Test func wrongAudienceIsRefusedNamingTheExpectedOne() async throws {
        let authenticator = try await rsaAuthenticator()
        var claims = TestClaims.valid(iss: "https://issuer.test")
        claims.aud = "https://other.example/mcp"
        let token = try await TestSigner.rsa(claims)
        #expect(failureReason(await authenticate(authenticator, token)) == "audience does not match http://127.0.0.1:8080/mcp")
    }

    @Test func missingAudienceIsRefused() async throws {
        let authenticator = try await rsaAuthenticator()
        var claims = TestClaims.valid(iss: "https://issuer.test")
        claims.aud = nil
        let token = try await TestSigner.rsa(claims)
        #expect(failureReason(await authenticate(authenticator, token)) == "token has no audience (aud)")
    }

    @Test func wrongIssuerIsRefused() async throws {
        let authenticator = try await rsaAuthenticator()
        let token = try await TestSigner.rsa(.valid(iss: "https://evil.test"))
        #expect(failureReason(await authenticate(authenticator, token)) == "issuer does not match https://issuer.test")
    }

    @Test func expiredTokenIsRefusedButLeewayForgivesSmallSkew() async throws {
        let authenticator = try await rsaAuthenticator()
        let now = Int(Date().timeIntervalSince1970)
        var expired = TestClaims.valid(iss: "https://issuer.test")
        expired.exp = now - 120
        let expiredToken = try await TestSigner.rsa(expired)
        #expect(failureReason(await authenticate(authenticator, expiredToken)) == "token expired")
        var justExpired = expired
        justExpired.exp = now - 30
        let justExpiredToken = try await TestSigner.rsa(justExpired)
        #expect(try await authenticate(authenticator, justExpiredToken).get().id == "alice")
    }

    @Test func notBeforeInTheFutureIsRefused() async throws {
        let authenticator = try await rsaAuthenticator()
        var claims = TestClaims.valid(iss: "https://issuer.test")
        claims.nbf = Int(Date().timeIntervalSince1970) + 600
        let token = try await TestSigner.rsa(claims)
        #expect(failureReason(await authenticate(authenticator, token)) == "token is not valid yet (nbf)")
    }

    @Test func missingExpiryIsRefused() async throws {
        let authenticator = try await rsaAuthenticator()
        var claims = TestClaims.valid(iss: "https://issuer.test")
        claims.exp = nil
        let token = try await TestSigner.rsa(claims)
        #expect(failureReason(await authenticate(authenticator, token)) == "token has no expiry (exp)")
    }

    @Test func hmacTokenSignedWithTheRSAPublicKeyPEMIsRefused() async throws {
        let authenticator = try await rsaAuthenticator()
        let pemBytes = Array(TestKeys.rsaPublicPEM.utf8)
        for alg in ["HS256", "HS384", "HS512"] {
            let token = try TestSigner.hmacSHA256(header: ["alg": alg, "typ": "JWT"], claims: .valid(iss: "https://issuer.test"), keyBytes: pemBytes)
            #expect(failureReason(await authenticate(authenticator, token)) == "algorithm \(alg) is not allowed with public keys")
        }
    }

    @Test func algorithmOutsideTheAllowListIsRefused() async throws {
        let authenticator = try await rsaAuthenticator(algorithms: [.rs256])
        let token = try await TestSigner.rsa(.valid(iss: "https://issuer.test"), algorithm: "RS384")
        #expect(failureReason(await authenticate(authenticator, token)) == "algorithm RS384 is not allowed")
        let unknown = try TestSigner.handBuilt(header: ["alg": "XS999"], claims: .valid(iss: "https://issuer.test"))
        #expect(failureReason(await authenticate(authenticator, unknown)) == "algorithm XS999 is not supported")
    }

    @Test func ecAndEd25519PublicKeysVerifyTheirTokens() async throws {
        let ec = ES256PrivateKey()
        let ecAuthenticator = try await JWTAuthenticator(JWTVerification(keys: .publicKeyPEM(ec.publicKey.pemRepresentation), audiences: [testAudience]))
        let ecToken = try await TestSigner.ec(.valid(), key: ec)
        let strangerToken = try await TestSigner.ec(.valid(), key: ES256PrivateKey())
        let rsaToken = try await TestSigner.rsa(.valid())
        #expect(try await authenticate(ecAuthenticator, ecToken).get().id == "alice")
        #expect(failureReason(await authenticate(ecAuthenticator, strangerToken)) == "invalid signature")
        // An RSA token at an EC-configured server: allowed algorithm, but no key of that kind.
        #expect(failureReason(await authenticate(ecAuthenticator, rsaToken)) == "no signing key for algorithm RS256")

        let ed = try EdDSA.PrivateKey()
        let edAuthenticator = try await JWTAuthenticator(JWTVerification(keys: .publicKeyPEM(ed.publicKey.pemRepresentation), audiences: [testAudience]))
        let edToken = try await TestSigner.eddsa(.valid(), key: ed)
        #expect(try await authenticate(edAuthenticator, edToken).get().id == "alice")
    }

    @Test func sharedSecretVerifiesHMACAndRefusesOtherSecrets() async throws {
        let secret = Array("a shared secret of at least thirty-two bytes".utf8)
        let authenticator = try await JWTAuthenticator(JWTVerification(keys: .sharedSecret(secret), audiences: [testAudience]))
        let other = Array("another secret, also thirty-two bytes long".utf8)
        let good = try await TestSigner.hmac(.valid(), secret: secret)
        let forged = try await TestSigner.hmac(.valid(), secret: other)
        let rsaToken = try await TestSigner.rsa(.valid())
        #expect(try await authenticate(authenticator, good).get().id == "alice")
        #expect(failureReason(await authenticate(authenticator, forged)) == "invalid signature")
        // An RSA token at a shared-secret server: RS256 is not on the HMAC allow-list.
        #expect(failureReason(await authenticate(authenticator, rsaToken)) == "algorithm RS256 is not allowed")
    }

    @Test func scopesComeFromScpArraysAndTheIdFromClientIDWithoutSub() async throws {
        let authenticator = try await rsaAuthenticator(issuer: nil)
        var claims = TestClaims.valid(scope: nil)
        claims.sub = nil
        claims.client_id = "ci-bot"
        claims.scp = ["read", "admin"]
        let withClientID = try await TestSigner.rsa(claims)
        let principal = try await authenticate(authenticator, withClientID).get()
        #expect(principal == Principal(id: "ci-bot", scopes: ["read", "admin"]))
        claims.client_id = nil
        let anonymous = try await TestSigner.rsa(claims)
        #expect(failureReason(await authenticate(authenticator, anonymous)) == "token has no subject (sub or client_id)")
    }

    @Test func malformedTokensGetPreciseReasonsThatNeverEchoTheToken() async throws {
        let authenticator = try await rsaAuthenticator()
        let secretLooking = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ"
        let reason = failureReason(await authenticate(authenticator, secretLooking))
        #expect(reason == "malformed token: not three dot-separated parts")
        #expect(failureReason(await authenticate(authenticator, "a.b.c")) == "malformed token: unreadable header")
        #expect(failureReason(await authenticate(authenticator, String(repeating: "a", count: 20_000))) == "token is longer than 16384 bytes")
        #expect(failureReason(await authenticator.authenticate(Credentials(apiKey: "qk_x"))) == "no bearer token")

        let valid = try await TestSigner.rsa(.valid(iss: "https://evil.test"))
        let refused = failureReason(await authenticate(authenticator, valid)) ?? ""
        #expect(!refused.contains(valid) && !refused.contains(String(valid.split(separator: ".")[2])))
    }

    @Test func unworkableConfigurationsAreRefusedUpFront() async throws {
        let pem = TestKeys.rsaPublicPEM
        let cases: [(JWTVerification, String)] = [
            (JWTVerification(keys: .publicKeyPEM(pem), audiences: []), "JWT verification needs the server's resource URI as audience"),
            (JWTVerification(keys: .publicKeyPEM(pem), audiences: [testAudience], algorithms: [.rs256, .hs256]),
             "algorithm HS256 needs a shared secret, not public keys"),
            (JWTVerification(keys: .sharedSecret(Array("short".utf8)), audiences: [testAudience]), "the shared secret must be at least 32 bytes"),
            (JWTVerification(keys: .publicKeyPEM("not a key"), audiences: [testAudience]),
             "the public key is not an RSA (2048 bits or more), EC or Ed25519 public key in PEM form"),
            (JWTVerification(keys: .publicKeyPEM(pem), audiences: [testAudience], algorithms: [.es256]),
             "no allowed algorithm fits the configured public key"),
            (JWTVerification(keys: .jwks(URL(string: "http://idp.example.com/jwks.json")!), audiences: [testAudience]),
             "http://idp.example.com/jwks.json must use https (plain http is allowed only for loopback hosts)"),
        ]
        for (verification, message) in cases {
            await #expect(throws: JWTConfigurationError(message)) { _ = try await JWTAuthenticator(verification) }
        }
    }
}
