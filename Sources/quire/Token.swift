import ArgumentParser
import Foundation
import MCPServer

/// `quire token`: a signed development JWT from a local key, for trying `--auth jwt` locally.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mint a signed JWT from a local key — for development only.",
        discussion: """
            FOR DEVELOPMENT ONLY. Signs an ES256 token with a local private key (default \
            $QUIRE_HOME/dev-signing-key.pem, created with mode 0600 on first use). Anyone who can read that \
            file can mint tokens, so never configure a production server with its public key. To try it:
              quire token --print-public-key > dev-key.pub
              quire serve --auth jwt --jwt-public-key dev-key.pub
              TOKEN=$(quire token --subject alice --scope "read write")
              curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/mcp ...
            """
    )

    @Option(help: "The sub claim: the principal the token stands for.")
    var subject: String?

    @Option(name: .customLong("scope"), help: "Scopes for the scope claim, e.g. \"read write\" (repeatable).")
    var scopes: [String] = []

    @Option(help: "The aud claim: the server's resource URI.")
    var audience = "http://127.0.0.1:8080/mcp"

    @Option(help: "The iss claim (omitted when not given).")
    var issuer: String?

    @Option(name: .customLong("expires-in"), help: "Lifetime in seconds.")
    var expiresIn = 3600

    @Option(help: "The private key PEM (default: $QUIRE_HOME/dev-signing-key.pem).")
    var key: String?

    @Flag(help: "Print the public key PEM that verifies these tokens, instead of a token.")
    var printPublicKey = false

    @Flag(help: "Print the token as JSON (access_token, token_type, expires_in, kid).")
    var json = false

    func validate() throws {
        guard expiresIn > 0 else { throw ValidationError("--expires-in must be a positive number of seconds") }
        if !printPublicKey {
            guard let subject, !subject.isEmpty else { throw ValidationError("--subject is required") }
        }
    }

    func run() async throws {
        let url = key.map { URL(fileURLWithPath: $0) } ?? AuthFiles.home.appendingPathComponent("dev-signing-key.pem")
        let signingKey: DevelopmentSigningKey
        do throws(DevelopmentKeyError) {
            let loaded = try DevelopmentSigningKey.loadOrCreate(at: url)
            signingKey = loaded.key
            if loaded.created {
                FileHandle.standardError.write(Data("quire: created development signing key \(url.path) (mode 0600)\n".utf8))
            }
        } catch {
            throw CleanExit.failure(error.message)
        }
        if printPublicKey {
            print(signingKey.publicKeyPEM, terminator: signingKey.publicKeyPEM.hasSuffix("\n") ? "" : "\n")
            return
        }
        let token = try await signingKey.mint(
            subject: subject ?? "",
            scopes: scopes.flatMap { $0.split(separator: " ").map(String.init) },
            audience: audience,
            issuer: issuer,
            expiresIn: .seconds(expiresIn)
        )
        if json {
            print(try jsonLine(["access_token": .string(token), "token_type": .string("Bearer"),
                                "expires_in": .int(expiresIn), "kid": .string(signingKey.keyID)]))
        } else {
            print(token)
        }
    }
}
