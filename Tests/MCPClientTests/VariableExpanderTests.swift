import MCP
import Testing
@testable import MCPClient

@Suite struct VariableExpanderTests {
    let expander = VariableExpander(environment: ["TOKEN": "abc", "EMPTY": "", "HOST": "example.com"])

    func expand(_ text: String) -> (String, [String]) {
        var missing: [String] = []
        let result = expander.expand(text, missing: &missing)
        return (result, missing)
    }

    @Test func placeholders() {
        #expect(expand("Bearer ${TOKEN}").0 == "Bearer abc")
        #expect(expand("${NOPE:-fallback}").0 == "fallback")
        #expect(expand("${EMPTY:-fallback}").0 == "fallback") // POSIX: empty takes the default
        #expect(expand("${EMPTY}").0 == "")
        #expect(expand("$TOKEN and ${1X}").0 == "$TOKEN and ${1X}") // literal
        #expect(expand("${A:-${B}}").0 == "${B}") // a default ends at the first }, and is not expanded again
        #expect(expand("https://${HOST}/mcp").0 == "https://example.com/mcp")
        #expect(expand("${X}${Y}${X}").1 == ["X", "Y"])
    }

    @Test func missingVariablesAreNamedTogether() {
        let entry = ServerEntry.http(url: "https://${HOST}/mcp", headers: ["X-Org": "${GITHUB_ORG}"], auth: .bearer(token: "${GITHUB_TOKEN}"))
        #expect(throws: ConfigError("Server 'github': missing environment variable(s): GITHUB_ORG, GITHUB_TOKEN. Export them or write ${NAME:-default}.")) {
            try expander.resolve(entry, name: "github")
        }
    }

    @Test func emptyCredentialsAreErrors() {
        #expect(throws: ConfigError.self) { try expander.resolve(.http(url: "https://a/mcp", auth: .bearer(token: "${EMPTY}")), name: "a") }
        #expect(throws: ConfigError.self) { try expander.resolve(.http(url: "https://a/mcp", headers: ["Authorization": "${EMPTY}"]), name: "a") }
        #expect(throws: ConfigError.self) { try expander.resolve(.http(url: "https://a/mcp", auth: .basic(username: "u", password: "${EMPTY}")), name: "a") }
    }

    @Test func resolvesEveryString() throws {
        let entry = ServerEntry.stdio(command: "${HOST}", args: ["--token=${TOKEN}"], env: ["K": "${TOKEN}"], cwd: "/${EMPTY:-tmp}")
        let resolved = try expander.resolve(entry, name: "s")
        #expect(resolved.command == "example.com")
        #expect(resolved.args == ["--token=abc"])
        #expect(resolved.env == ["K": "abc"])
        #expect(resolved.cwd == "/tmp")
        // The stored entry keeps its placeholders.
        #expect(entry.env == ["K": "${TOKEN}"])
    }
}

@Suite struct MaskingTests {
    @Test func masks() {
        #expect(Masking.mask("short") == "****")
        #expect(Masking.mask("abcdefghijklmnop") == "****mnop")
        #expect(Masking.mask("${TOKEN}") == "${TOKEN}")
        #expect(Masking.mask("Bearer ${TOKEN}") == "Bearer ${TOKEN}")
    }

    @Test func headersAndEnv() {
        #expect(Masking.header("Authorization", "Bearer sekrit-value-123") == "****-123")
        #expect(Masking.header("X-Api-Key", "k1") == "****")
        #expect(Masking.header("Accept-Language", "en") == "en")
        #expect(Masking.env("GITHUB_TOKEN", "ghp_x") == "****")
        #expect(Masking.env("DB_PASSWORD", "p") == "****")
        #expect(Masking.env("LOG_LEVEL", "debug") == "debug")
    }

    @Test func urls() {
        #expect(Masking.url("https://user:pw@mcp.example.com/mcp").contains("pw") == false)
        let query = Masking.url("https://mcp.example.com/mcp?api_key=SECRETSECRET&region=eu&access_token=T0KEN")
        #expect(!query.contains("SECRETSECRET") && !query.contains("T0KEN") && query.contains("region=eu"))
        #expect(Masking.url("https://mcp.example.com/0f8fad5b-d9cb-469f-a165-70867728950e/mcp") == "https://mcp.example.com/****/mcp")
        #expect(Masking.url("https://mcp.example.com/k8sJd82hsQ9a7dhS72jdk29Lsk/mcp") == "https://mcp.example.com/****/mcp")
        #expect(Masking.url("https://mcp.example.com/v1/documents/mcp") == "https://mcp.example.com/v1/documents/mcp")
    }

    @Test func maskedViewHidesLiteralSecretsOnly() {
        let entry = ServerEntry.http(url: "https://a/mcp?token=abc123456789", headers: ["Authorization": "Bearer literal-secret-value", "X-Org": "acme"],
                                     auth: .basic(username: "me", password: "hunter2hunter2"))
        let text = MaskedView.json(entry).jsonString
        #expect(!text.contains("literal-secret-value") && !text.contains("hunter2hunter2") && !text.contains("abc123456789"))
        #expect(text.contains("acme") && text.contains("\"me\""))
        let placeholders = MaskedView.json(.http(url: "https://a/mcp", auth: .bearer(token: "${TOKEN}"))).jsonString
        #expect(placeholders.contains("${TOKEN}"))
    }

    @Test func redactorScrubsRegisteredSecrets() {
        let redactor = SecretRedactor()
        redactor.register("super-secret-token-value")
        #expect(redactor.scrub("error: token super-secret-token-value rejected") == "error: token ****alue rejected")
    }
}
