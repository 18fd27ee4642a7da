import Foundation

/// Where an OpenAI-compatible service lives and how to authenticate to it.
///
/// The key is read once from the environment and only ever placed in the `Authorization`
/// header; descriptions and errors name the host, never the key.
public struct OpenAICompatibleEndpoint: Sendable, CustomStringConvertible {
    /// The base URL as given, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434`.
    public let baseURL: URL
    /// The model name sent with every request.
    public let model: String
    /// The bearer token, if one was found; local servers often need none.
    private let apiKey: String?
    /// How long one HTTP exchange may take.
    public let timeout: Duration

    /// The problem with a base URL the user gave, for a one-line CLI error.
    public struct InvalidBaseURL: Error, CustomStringConvertible {
        /// What is wrong with the URL.
        public let description: String
    }

    /// An endpoint at `baseURL`, its API key read from the environment.
    ///
    /// - Parameters:
    ///   - baseURL: `http` or `https` URL. A path ending in `/v1` is used as-is; otherwise `/v1` is appended.
    ///   - model: The model name sent with every request.
    ///   - keyVariable: The environment variable holding the API key (`OPENAI_API_KEY` by default).
    ///   - timeout: How long one HTTP exchange may take.
    ///   - environment: Where `keyVariable` is looked up.
    public init(
        baseURL: String, model: String, keyVariable: String = "OPENAI_API_KEY", timeout: Duration = .seconds(120),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        guard let url = URL(string: baseURL), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else { throw InvalidBaseURL(description: "\(baseURL) is not an http:// or https:// URL with a host") }
        guard url.query == nil, url.fragment == nil else {
            throw InvalidBaseURL(description: "\(baseURL): give the base URL without a query or fragment")
        }
        self.baseURL = url
        self.model = model
        let key = environment[keyVariable]?.trimmingCharacters(in: .whitespacesAndNewlines)
        self.apiKey = (key?.isEmpty ?? true) ? nil : key
        self.timeout = timeout
    }

    /// The host (and port) to name in messages.
    public var host: String {
        let name = baseURL.host ?? baseURL.absoluteString
        return baseURL.port.map { "\(name):\($0)" } ?? name
    }

    /// Whether a key was found in the environment.
    public var hasKey: Bool { apiKey != nil }

    /// The URL of an API route such as `chat/completions`, under the base's `/v1`.
    public func url(for route: String) -> URL {
        var path = baseURL.path
        while path.hasSuffix("/") { path.removeLast() }
        if !path.hasSuffix("/v1") { path += "/v1" }
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.path = path + "/" + route
        return components.url ?? baseURL.appendingPathComponent(route)
    }

    /// Headers for a JSON request, with the bearer token when there is one.
    var headers: [String: String] {
        var headers = ["Content-Type": "application/json", "Accept": "application/json"]
        if let apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        return headers
    }

    public var description: String { "\(host) (model \(model)\(hasKey ? ", with key" : ""))" }
}
