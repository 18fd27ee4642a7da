import Foundation
import Testing
@testable import MCPServer

@Suite("API keys")
struct APIKeyTests {
    /// A temporary folder removed after `body`.
    private func withTemporaryFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }

    @Test func generatedKeysHaveThePrefixAndOnlyTheirHashIsKept() throws {
        let (record, key) = APIKeyRecord.generate(principal: "alice", scopes: ["read"])
        #expect(key.hasPrefix("qk_"))
        #expect(key.count == 3 + 43)  // 32 bytes, unpadded base64url
        #expect(key.dropFirst(3).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(record.hash == APIKeyRecord.hash(of: key))
        #expect(record.hash.hasPrefix("sha256:") && record.hash.count == 7 + 64)
        #expect(!record.hash.contains(String(key.dropFirst(3))))
        #expect(record.id.count == 8)
        let (second, secondKey) = APIKeyRecord.generate(principal: "alice", scopes: [], existingIDs: [record.id])
        #expect(second.id != record.id && secondKey != key)
    }

    @Test func addedKeysAuthenticateByHeaderOrBearerAndWrongKeysDoNot() async throws {
        let (alice, aliceKey) = APIKeyRecord.generate(principal: "alice", scopes: ["read", "write"])
        let (bob, bobKey) = APIKeyRecord.generate(principal: "bob", scopes: ["admin"])
        let authenticator = try APIKeyAuthenticator(records: [alice, bob])

        #expect(try await authenticator.authenticate(Credentials(apiKey: aliceKey)).get() == Principal(id: "alice", scopes: ["read", "write"]))
        #expect(try await authenticator.authenticate(Credentials(bearerToken: bobKey)).get() == Principal(id: "bob", scopes: ["admin"]))

        var wrong = aliceKey
        wrong.removeLast()
        wrong.append(aliceKey.hasSuffix("A") ? "B" : "A")
        #expect(failureReason(await authenticator.authenticate(Credentials(apiKey: wrong))) == "unknown API key")
        #expect(failureReason(await authenticator.authenticate(Credentials(apiKey: ""))) == "unknown API key")
        #expect(failureReason(await authenticator.authenticate(Credentials(bearerToken: "eyJhbGciOi.x.y"))) == "no API key presented")
        #expect(failureReason(await authenticator.authenticate(Credentials())) == "no API key presented")
    }

    @Test func revokedKeysStopWorking() async throws {
        try await withTemporaryFolder { folder in
            let url = folder.appendingPathComponent("api-keys.json")
            let (alice, aliceKey) = APIKeyRecord.generate(principal: "alice", scopes: ["read"])
            let (bob, bobKey) = APIKeyRecord.generate(principal: "bob", scopes: ["read"], existingIDs: [alice.id])
            try APIKeyFile(keys: [alice, bob]).save(to: url)
            let authenticator = try APIKeyAuthenticator(contentsOf: url)
            #expect(try await authenticator.authenticate(Credentials(apiKey: aliceKey)).get().id == "alice")

            var file = try APIKeyFile.load(from: url)
            file.keys.removeAll { $0.id == alice.id }
            try file.save(to: url)
            try authenticator.replaceKeys(with: APIKeyFile.load(from: url).keys)

            #expect(failureReason(await authenticator.authenticate(Credentials(apiKey: aliceKey))) == "unknown API key")
            #expect(try await authenticator.authenticate(Credentials(apiKey: bobKey)).get().id == "bob")
        }
    }

    @Test func keyFileRoundTripsWithMode0600AndRFC3339Dates() async throws {
        try await withTemporaryFolder { folder in
            let url = folder.appendingPathComponent("nested/api-keys.json")
            #expect(try APIKeyFile.load(from: url).keys.isEmpty)
            let created = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
            let (record, key) = APIKeyRecord.generate(principal: "alice", scopes: ["read"], now: created)
            try APIKeyFile(keys: [record]).save(to: url)

            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains("\"created\" : \"2026-01-01T00:00:00Z\""))
            #expect(text.contains(record.hash) && !text.contains(key))
            #expect(try APIKeyFile.load(from: url) == APIKeyFile(keys: [record]))

            // Rewriting replaces the file whole and leaves no temporary files behind.
            try APIKeyFile(keys: []).save(to: url)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
            #expect(leftovers == ["api-keys.json"])
        }
    }

    @Test func malformedKeyFilesAreRefusedWithTheFileNamed() async throws {
        try await withTemporaryFolder { folder in
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let url = folder.appendingPathComponent("api-keys.json")
            try Data(#"{"keys": [{"id": "x", "hash": "md5:abc", "principal": "p", "scopes": [], "created": "2026-01-01T00:00:00Z"}]}"#.utf8).write(to: url)
            #expect(throws: APIKeyFileError("\(url.path): key x has a hash that is not sha256: and 64 hex digits")) {
                _ = try APIKeyFile.load(from: url)
            }
            try Data("[]".utf8).write(to: url)
            #expect(throws: APIKeyFileError.self) { _ = try APIKeyFile.load(from: url) }
        }
    }

    @Test func constantTimeComparisonComparesWholeValues() {
        #expect(APIKeyAuthenticator.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!APIKeyAuthenticator.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!APIKeyAuthenticator.constantTimeEqual([9, 2, 3], [1, 2, 3]))
        #expect(!APIKeyAuthenticator.constantTimeEqual([1, 2], [1, 2, 3]))
    }

    @Test func developmentKeyIsCreatedOnceWithMode0600AndItsTokensVerify() async throws {
        try await withTemporaryFolder { folder in
            let url = folder.appendingPathComponent("dev-signing-key.pem")
            let (key, created) = try DevelopmentSigningKey.loadOrCreate(at: url)
            #expect(created)
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let (again, createdAgain) = try DevelopmentSigningKey.loadOrCreate(at: url)
            #expect(!createdAgain && again.publicKeyPEM == key.publicKeyPEM)

            let token = try await key.mint(subject: "dev", scopes: ["read", "write"], audience: testAudience, issuer: "quire-dev")
            let authenticator = try await JWTAuthenticator(JWTVerification(
                keys: .publicKeyPEM(key.publicKeyPEM), issuer: "quire-dev", audiences: [testAudience]
            ))
            #expect(try await authenticator.authenticate(Credentials(bearerToken: token)).get() == Principal(id: "dev", scopes: ["read", "write"]))
            let stranger = try await DevelopmentSigningKey().mint(subject: "dev", audience: testAudience, issuer: "quire-dev")
            #expect(failureReason(await authenticator.authenticate(Credentials(bearerToken: stranger))) == "invalid signature")
        }
    }
}
