import AsyncHTTPClient
import Foundation
import MCP
import NIOCore

/// The HTTP side of the OAuth flow: metadata discovery (C1, C2), registration (C3), token requests.
struct OAuthHTTP: Sendable {
    let http: HTTPClient
    let serverName: String

    /// Refuses discovery and token URLs that are not https (loopback http allowed): SSRF guard.
    func guardURL(_ url: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), let host = components.host else {
            throw ClientError.auth("Invalid OAuth URL \(Masking.url(url)) from '\(serverName)'")
        }
        if scheme == "https" { return }
        if scheme == "http", EntryParser.isLoopback(host) { return }
        throw ClientError.auth("Refusing the non-https OAuth URL \(Masking.url(url)) for '\(serverName)'")
    }

    /// GETs a JSON document; `nil` on a 4xx (the next candidate is tried).
    func getJSON(_ url: String) async throws -> JSONValue? {
        try guardURL(url)
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "MCP-Protocol-Version", value: ProtocolVersion.latestHandshake.rawValue)
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .seconds(30))
        } catch {
            throw ClientError.auth("Could not reach \(Masking.url(url)) for '\(serverName)': \(HTTPErrorMapping.describe(error))")
        }
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code == 200 else { return nil }
        return try? JSONValue(parsing: body.readableBytesView)
    }

    /// POSTs a form or JSON body; the JSON answer and status.
    func post(_ url: String, form: [(String, String)]? = nil, json: JSONValue? = nil, basic: (String, String)? = nil) async throws -> (Int, JSONValue?) {
        try guardURL(url)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Accept", value: "application/json")
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: Self.formEncode(form)))
        } else if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json.serialized()))
        }
        if case let (user, password)? = basic {
            let credentials = Data("\(Self.formComponent(user)):\(Self.formComponent(password))".utf8).base64EncodedString()
            SecretRedactor.shared.register(credentials)
            request.headers.add(name: "Authorization", value: "Basic \(credentials)")
        }
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .seconds(30))
        } catch {
            throw ClientError.auth("Could not reach \(Masking.url(url)) for '\(serverName)': \(HTTPErrorMapping.describe(error))")
        }
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), try? JSONValue(parsing: body.readableBytesView))
    }

    static func formComponent(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    static func formEncode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(formComponent($0.0))=\(formComponent($0.1))" }.joined(separator: "&")
    }

    /// Protected-resource metadata: the challenge's URL, else the path-aware then the root well-known URL (C1).
    func protectedResourceMetadata(serverURL: String, hint: String?) async throws -> JSONValue? {
        var candidates: [String] = []
        if let hint { candidates.append(hint) }
        candidates += Self.prmCandidates(serverURL)
        for candidate in candidates {
            if let document = try await getJSON(candidate), document["authorization_servers"] != nil { return document }
        }
        return nil
    }

    static func prmCandidates(_ serverURL: String) -> [String] {
        guard let components = URLComponents(string: serverURL), let scheme = components.scheme, let host = components.host else { return [] }
        let origin = "\(scheme)://\(host)\(components.port.map { ":\($0)" } ?? "")"
        let path = components.path == "/" ? "" : components.path
        var result: [String] = []
        if !path.isEmpty { result.append("\(origin)/.well-known/oauth-protected-resource\(path)") }
        result.append("\(origin)/.well-known/oauth-protected-resource")
        return result
    }

    /// The authorization-server metadata URLs in the C2 order.
    static func asMetadataCandidates(_ issuer: String) -> [String] {
        guard let components = URLComponents(string: issuer), let scheme = components.scheme, let host = components.host else { return [] }
        let origin = "\(scheme)://\(host)\(components.port.map { ":\($0)" } ?? "")"
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        if path.isEmpty {
            return ["\(origin)/.well-known/oauth-authorization-server", "\(origin)/.well-known/openid-configuration"]
        }
        return ["\(origin)/.well-known/oauth-authorization-server\(path)", "\(origin)/.well-known/openid-configuration\(path)",
                "\(origin)\(path)/.well-known/openid-configuration"]
    }

    /// Exact issuer comparison (C2), except that a path-less issuer written with and without its
    /// trailing slash is one issuer (URL libraries add or drop that slash when serializing PRM).
    static func sameIssuer(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        guard let first = URLComponents(string: a), let second = URLComponents(string: b) else { return false }
        let emptyPath: (URLComponents) -> Bool = { $0.path.isEmpty || $0.path == "/" }
        return emptyPath(first) && emptyPath(second) && a.trimmingCharacters(in: CharacterSet(charactersIn: "/")) == b.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
    }

    /// Authorization-server metadata whose `issuer` matches exactly (C2).
    func authorizationServerMetadata(issuer: String) async throws -> JSONValue {
        for candidate in Self.asMetadataCandidates(issuer) {
            guard let document = try await getJSON(candidate) else { continue }
            guard let declared = document["issuer"]?.stringValue, Self.sameIssuer(declared, issuer) else {
                throw ClientError.auth("The authorization server metadata at \(Masking.url(candidate)) names issuer '\(document["issuer"]?.stringValue ?? "")', not '\(issuer)'; refusing it")
            }
            return document
        }
        throw ClientError.auth("No authorization server metadata found for \(Masking.url(issuer)) (server '\(serverName)')")
    }
}

/// The canonical URI of an MCP server for the `resource` parameter (C5): no fragment, lowercase scheme
/// and host, no trailing slash.
public func canonicalResourceURI(_ url: String) -> String {
    guard var components = URLComponents(string: url) else { return url }
    components.fragment = nil
    components.scheme = components.scheme?.lowercased()
    components.host = components.host?.lowercased()
    var result = components.string ?? url
    while result.hasSuffix("/") { result.removeLast() }
    return result
}
