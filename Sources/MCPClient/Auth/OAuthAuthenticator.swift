import AsyncHTTPClient
import Foundation
import MCP
import Synchronization

/// OAuth 2.1 for an HTTP server (`mcp-client.md` §11, C1–C10): stored tokens, refresh, the
/// authorization-code flow with PKCE on a loopback redirect, and step-up on `insufficient_scope`.
public final class OAuthAuthenticator: HTTPAuthenticator {
    let serverName: String
    let serverURL: String
    let settings: OAuthSettings
    let store: TokenStore
    let oauth: OAuthHTTP
    let interactive: Bool
    let notice: @Sendable (String) -> Void
    private let current = Mutex<TokenRecord?>(nil)
    /// Scopes granted or requested so far, for the union on step-up (C7).
    private let scopes = Mutex<[String]>([])
    private let stepUps = Mutex(0)

    public init(serverName: String, serverURL: String, settings: OAuthSettings, store: TokenStore, http: HTTPClient, interactive: Bool,
                notice: @escaping @Sendable (String) -> Void) {
        self.serverName = serverName
        self.serverURL = serverURL
        self.settings = settings
        self.store = store
        self.oauth = OAuthHTTP(http: http, serverName: serverName)
        self.interactive = interactive
        self.notice = notice
        let record = store.record(server: serverName, resource: canonicalResourceURI(serverURL))
        current.withLock { $0 = record }
        if let record {
            for secret in [record.accessToken, record.refreshToken, record.clientSecret].compactMap({ $0 }) { SecretRedactor.shared.register(secret) }
            scopes.withLock { $0 = record.scope?.split(separator: " ").map(String.init) ?? [] }
        }
        if let secret = settings.clientSecret { SecretRedactor.shared.register(secret) }
    }

    public var isOAuth: Bool { true }

    public func authorizationHeaders() async throws -> [(String, String)] {
        guard let token = current.withLock({ $0?.accessToken }) else { return [] }
        return [("Authorization", "Bearer \(token)")]
    }

    public func recover(status: Int, wwwAuthenticate: String?, attempt: Int) async throws -> Bool {
        let challenge = BearerChallenge(header: wwwAuthenticate)
        if status == 403 {
            // C7: step up only for insufficient_scope, at most twice per run.
            guard challenge?.error == "insufficient_scope" else { return false }
            let count = stepUps.withLock { value -> Int in
                value += 1
                return value
            }
            guard count <= 2 else { return false }
            guard interactive else { throw ClientError.auth("'\(serverName)' needs more permissions (\(challenge?.scope ?? "more scope")): run 'quire mcp login \(serverName)'") }
            try await login(challenge: challenge)
            return true
        }
        guard status == 401, attempt < 2 else { return false }
        if attempt == 0, (try? await refresh()) == true { return true }
        guard interactive else { throw ClientError.auth("Login required: run 'quire mcp login \(serverName)'") }
        try await login(challenge: challenge)
        return true
    }

    /// Exchanges the refresh token; true when a new access token was stored.
    func refresh() async throws -> Bool {
        guard let record = current.withLock({ $0 }), let refreshToken = record.refreshToken else { return false }
        let metadata = try await oauth.authorizationServerMetadata(issuer: record.issuer)
        guard let tokenEndpoint = metadata["token_endpoint"]?.stringValue else { return false }
        var form = [("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("resource", record.resource)]
        let basic = clientAuthentication(metadata: metadata, clientID: record.clientID, secret: record.clientSecret, form: &form)
        let (status, body) = try await oauth.post(tokenEndpoint, form: form, basic: basic)
        guard status == 200, let body, let access = body["access_token"]?.stringValue else { return false }
        try storeTokens(body, access: access, into: record)
        return true
    }

    private func storeTokens(_ body: JSONValue, access: String, into record: TokenRecord) throws {
        var updated = record
        updated.accessToken = access
        SecretRedactor.shared.register(access)
        if let refresh = body["refresh_token"]?.stringValue {
            updated.refreshToken = refresh
            SecretRedactor.shared.register(refresh)
        }
        updated.expiresAt = body["expires_in"]?.doubleValue.map { Date().timeIntervalSince1970 + $0 }
        if let scope = body["scope"]?.stringValue { updated.scope = scope }
        try store.save(updated)
        current.withLock { $0 = updated }
    }

    /// Adds the client's credentials in the AS's preferred way; returns Basic credentials when used.
    private func clientAuthentication(metadata: JSONValue, clientID: String, secret: String?, form: inout [(String, String)]) -> (String, String)? {
        let methods = metadata["token_endpoint_auth_methods_supported"]?.arrayValue?.compactMap(\.stringValue) ?? ["client_secret_basic"]
        guard let secret else {
            form.append(("client_id", clientID))
            return nil
        }
        if methods.contains("client_secret_basic") { return (clientID, secret) }
        form.append(("client_id", clientID))
        form.append(("client_secret", secret))
        return nil
    }

    /// The full authorization-code flow. `challenge` is the 401/403 that triggered it, if any.
    public func login(challenge: BearerChallenge? = nil) async throws {
        let resource = canonicalResourceURI(serverURL)
        // C1: protected-resource metadata.
        let prm = try await oauth.protectedResourceMetadata(serverURL: serverURL, hint: challenge?.resourceMetadata)
        if let declared = prm?["resource"]?.stringValue, canonicalResourceURI(declared) != resource {
            throw ClientError.auth("The protected resource metadata of '\(serverName)' is for \(Masking.url(declared)), not \(Masking.url(resource)); refusing it")
        }
        guard let advertisedIssuer = prm?["authorization_servers"]?[0]?.stringValue else {
            throw ClientError.auth("'\(serverName)' publishes no OAuth protected resource metadata; it cannot be logged in to with --auth oauth")
        }
        // C2: authorization-server metadata with an exact issuer.
        let metadata = try await oauth.authorizationServerMetadata(issuer: advertisedIssuer)
        // From here on the issuer is the metadata's own spelling, compared exactly (C6, C8).
        let issuer = metadata["issuer"]?.stringValue ?? advertisedIssuer
        guard let authorizationEndpoint = metadata["authorization_endpoint"]?.stringValue, let tokenEndpoint = metadata["token_endpoint"]?.stringValue else {
            throw ClientError.auth("The authorization server of '\(serverName)' lists no authorization or token endpoint")
        }
        // C4: PKCE S256 or nothing.
        guard let methods = metadata["code_challenge_methods_supported"]?.arrayValue?.compactMap(\.stringValue), methods.contains("S256") else {
            throw ClientError.auth("The authorization server of '\(serverName)' does not advertise PKCE S256; refusing to log in")
        }
        // C7: scopes from the challenge (unioned with earlier ones), else the configuration, else all supported, else none.
        var wanted = scopes.withLock { $0 }
        let challenged = (challenge?.scope ?? settings.scope)?.split(separator: " ").map(String.init) ?? []
        for scope in challenged where !wanted.contains(scope) { wanted.append(scope) }
        if wanted.isEmpty, let supported = prm?["scopes_supported"]?.arrayValue?.compactMap(\.stringValue) ?? metadata["scopes_supported"]?.arrayValue?.compactMap(\.stringValue) {
            wanted = supported
        }
        scopes.withLock { $0 = wanted }

        // C3: the client. Pre-registered, a stored registration at this issuer, CIMD, then DCR.
        let stored = store.registration(server: serverName, issuer: issuer)
        var clientID = settings.clientID
        var clientSecret = settings.clientSecret
        var port = settings.callbackPort ?? 0
        if clientID == nil, let stored, let redirect = stored.redirectURI, let storedPort = URLComponents(string: redirect)?.port {
            clientID = stored.clientID
            clientSecret = stored.clientSecret
            port = storedPort
        }
        var listener: LoopbackListener
        do {
            listener = try LoopbackListener(port: port)
        } catch let error as ClientError where settings.callbackPort == nil && clientID != nil && settings.clientID == nil {
            // A stored DCR client's port is busy: register a new client on a fresh port.
            _ = error
            clientID = nil
            clientSecret = nil
            listener = try LoopbackListener(port: 0)
        }
        defer { listener.stop() }
        let redirectURI = listener.redirectURI
        if clientID == nil {
            if metadata["client_id_metadata_document_supported"]?.boolValue == true, let documentURL = settings.clientMetadataURL {
                clientID = documentURL
            } else if let registration = metadata["registration_endpoint"]?.stringValue {
                var request: [String: JSONValue] = [
                    "client_name": "Quire", "redirect_uris": [.string(redirectURI)], "grant_types": ["authorization_code", "refresh_token"],
                    "response_types": ["code"], "token_endpoint_auth_method": "none", "application_type": "native",
                ]
                if !wanted.isEmpty { request["scope"] = .string(wanted.joined(separator: " ")) }
                let (status, body) = try await oauth.post(registration, json: .object(request))
                guard (200..<300).contains(status), let id = body?["client_id"]?.stringValue else {
                    throw ClientError.auth("Dynamic client registration at \(Masking.url(registration)) failed (\(status)): \(body?["error_description"]?.stringValue ?? body?["error"]?.stringValue ?? "no detail"); pass --client-id")
                }
                clientID = id
                clientSecret = body?["client_secret"]?.stringValue
            } else {
                throw ClientError.auth("No client registration possible for '\(serverName)'; pass --client-id")
            }
        }
        guard let clientID else { throw ClientError.auth("No client registration possible for '\(serverName)'; pass --client-id") }
        if let clientSecret { SecretRedactor.shared.register(clientSecret) }

        // C4–C6: authorize with PKCE, state and resource; check state and iss on the way back.
        let pkce = PKCE()
        let state = PKCE.randomToken(bytes: 16)
        guard var components = URLComponents(string: authorizationEndpoint), ["http", "https"].contains(components.scheme?.lowercased() ?? "") else {
            throw ClientError.auth("Refusing to open the non-http(s) authorization URL of '\(serverName)'")
        }
        var items = components.queryItems ?? []
        items += [
            URLQueryItem(name: "response_type", value: "code"), URLQueryItem(name: "client_id", value: clientID),
            URLQueryItem(name: "redirect_uri", value: redirectURI), URLQueryItem(name: "code_challenge", value: pkce.challenge),
            URLQueryItem(name: "code_challenge_method", value: "S256"), URLQueryItem(name: "state", value: state),
            URLQueryItem(name: "resource", value: resource),
        ]
        if !wanted.isEmpty { items.append(URLQueryItem(name: "scope", value: wanted.joined(separator: " "))) }
        components.queryItems = items
        guard let authorizationURL = components.string else { throw ClientError.auth("Could not build the authorization URL for '\(serverName)'") }
        try BrowserOpener.open(authorizationURL, notice: notice)
        let query = try await listener.callback(timeout: 300)
        if let error = query["error"] {
            throw ClientError.auth("Authorization for '\(serverName)' was refused: \(query["error_description"] ?? error)")
        }
        guard query["state"] == state else { throw ClientError.auth("The OAuth redirect for '\(serverName)' carried the wrong state; try again") }
        if let iss = query["iss"] {
            guard iss == issuer else { throw ClientError.auth("The OAuth redirect for '\(serverName)' came from issuer '\(iss)', not '\(issuer)'; refusing it") }
        } else if metadata["authorization_response_iss_parameter_supported"]?.boolValue == true {
            throw ClientError.auth("The OAuth redirect for '\(serverName)' lacks the 'iss' its authorization server promises; refusing it")
        }
        guard let code = query["code"], !code.isEmpty else { throw ClientError.auth("The OAuth redirect for '\(serverName)' carried no code") }

        var form = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI), ("code_verifier", pkce.verifier), ("resource", resource)]
        let basic = clientAuthentication(metadata: metadata, clientID: clientID, secret: clientSecret, form: &form)
        let (status, body) = try await oauth.post(tokenEndpoint, form: form, basic: basic)
        guard status == 200, let body, let access = body["access_token"]?.stringValue else {
            throw ClientError.auth("The token request for '\(serverName)' failed (\(status)): \(body?["error_description"]?.stringValue ?? body?["error"]?.stringValue ?? "no detail")")
        }
        var record = TokenRecord(server: serverName, resource: resource, issuer: issuer, clientID: clientID)
        record.clientSecret = clientSecret
        record.redirectURI = redirectURI
        record.scope = wanted.isEmpty ? nil : wanted.joined(separator: " ")
        try storeTokens(body, access: access, into: record)
    }
}

/// Opens an authorization URL: only http(s), never through a shell (security best practice 6).
public enum BrowserOpener {
    /// `QUIRE_OAUTH_BROWSER`: a command to run with the URL as its only argument, or `print` to only
    /// print it (tests and headless machines follow it themselves). Otherwise `xdg-open`/`open` when a
    /// display exists, else the URL is printed.
    public static func open(_ url: String, notice: @Sendable (String) -> Void) throws {
        guard let scheme = URLComponents(string: url)?.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw ClientError.auth("Refusing to open a non-http(s) authorization URL")
        }
        let environment = ProcessInfo.processInfo.environment
        let configured = environment["QUIRE_OAUTH_BROWSER"]
        if configured == "print" {
            notice("Open this URL to authorize Quire: \(url)")
            return
        }
        var candidates: [String] = []
        if let configured, !configured.isEmpty { candidates.append(configured) } else if environment["DISPLAY"] != nil || environment["WAYLAND_DISPLAY"] != nil {
            candidates = ["xdg-open"]
        }
        #if os(macOS)
        if configured == nil { candidates = ["open"] }
        #endif
        for candidate in candidates {
            guard let path = StdioTransport.resolve(candidate, path: environment["PATH"]) else { continue }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = [url]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            if (try? process.run()) != nil {
                notice("Opened your browser to authorize Quire; waiting for the redirect…")
                return
            }
        }
        notice("Open this URL to authorize Quire: \(url)")
    }
}
