import MCP
import MCPServer
import Testing
@testable import QuireServer

@Suite struct ServeConfigurationTests {
    @Test func flagsWinOverEnvironmentOverFile() throws {
        let file: JSONValue = ["transport": ["http": ["port": 9000, "host": "127.0.0.1", "rate_limit": ["requests_per_minute": 60, "burst": 10]]]]
        let configuration = try ServeConfiguration.resolve(
            file: file, environment: ["QUIRE_PORT": "9100", "QUIRE_HOST": "localhost"], flags: ["transport.http.port": 9200]
        )
        #expect(configuration.int("transport.http.port") == 9200)
        #expect(configuration.sources["transport.http.port"] == .flag)
        #expect(configuration.string("transport.http.host") == "localhost")
        #expect(configuration.int("transport.http.rate_limit.requests_per_minute") == 60)
        #expect(configuration.httpTransport.port == 9200)
    }

    @Test func badValuesNameTheirOrigin() {
        #expect(throws: ConfigurationError("environment variable QUIRE_PORT: expected a whole number, got \"http\"")) {
            try ServeConfiguration.resolve(file: nil, environment: ["QUIRE_PORT": "http"], flags: [:])
        }
        #expect(throws: ConfigurationError("cfg.json: unknown setting transport.http.prot")) {
            try ServeConfiguration.resolve(file: ["transport": ["http": ["prot": 1]]], fileName: "cfg.json", environment: [:], flags: [:])
        }
        #expect(throws: ConfigurationError.self) {
            try ServeConfiguration.resolve(file: ["transport": ["http": ["port": 70000]]], environment: [:], flags: [:])
        }
    }

    @Test func safeDefaultsRefuseOpenNonLoopbackBinds() throws {
        let open = try ServeConfiguration.resolve(file: nil, environment: [:], flags: ["transport.type": "http", "transport.http.host": "0.0.0.0"])
        #expect(throws: ConfigurationError.self) { try open.validate() }
        let optedOut = try ServeConfiguration.resolve(
            file: nil, environment: [:],
            flags: ["transport.type": "http", "transport.http.host": "0.0.0.0", "transport.http.auth.allow_unauthenticated": true]
        )
        try optedOut.validate()
        let wildcard = try ServeConfiguration.resolve(
            file: ["transport": ["http": ["cors": ["origins": ["*"], "credentials": true]]]], environment: [:], flags: [:]
        )
        #expect(throws: ConfigurationError.self) { try wildcard.validate() }
    }

    @Test func printedConfigurationMasksSecretsAndKeepsTheFileShape() throws {
        let configuration = try ServeConfiguration.resolve(
            file: ["transport": ["http": ["auth": ["enabled": true, "issuer": "https://id.example"]]]],
            environment: ["QUIRE_JWT_SECRET": "0123456789abcdef0123456789abcdef"], flags: [:]
        )
        #expect(configuration.authMode == "jwt")
        let printed = configuration.printable
        #expect(printed["transport"]?["http"]?["auth"]?["secret"] == "********")
        #expect(!printed.jsonString.contains("0123456789abcdef"))
        #expect(printed["transport"]?["http"]?["auth"]?["issuer"] == "https://id.example")
    }

    @Test func toolPermissionsAndScopesComeFromTheFile() throws {
        let configuration = try ServeConfiguration.resolve(
            file: ["transport": ["http": ["auth": ["scopes": ["read": "docs.read"], "tool_permissions": ["batch_delete": "admin"]]]]],
            environment: [:], flags: [:]
        )
        let policy = try configuration.accessPolicy()
        #expect(policy.scope(for: .read) == "docs.read")
        #expect(policy.toolPermissions["batch_delete"] == .admin)
        #expect(policy.toolPermissions["delete_collection"] == .admin)
        let bad = try ServeConfiguration.resolve(
            file: ["transport": ["http": ["auth": ["tool_permissions": ["x": "root"]]]]], environment: [:], flags: [:]
        )
        #expect(throws: ConfigurationError.self) { try bad.accessPolicy() }
    }
}
