/// How the HTTP transports listen and the limits that keep them bounded.
public struct HTTPTransportConfiguration: Sendable {
    /// The address to bind; loopback unless told otherwise (L3).
    public var host = "127.0.0.1"
    /// The port; 0 picks a free one (reported once listening).
    public var port = 8080
    /// Origins allowed besides loopback ones (`http://localhost:*`, `127.0.0.1`, `[::1]`).
    public var allowedOrigins: [String] = []
    /// Browser origins given cross-origin access (CORS); each is also allowed by the Origin check.
    /// `*` allows any origin, and then never with credentials.
    public var corsOrigins: [String] = []
    /// Whether the CORS origins may send credentials (never with `*`).
    public var corsAllowsCredentials = true
    /// Largest total size of a request's header fields (431 beyond).
    public var maxHeaderBytes = 16 * 1024
    /// Host header values allowed besides loopback names; `*` allows any (behind a proxy that checks).
    public var allowedHosts: [String] = []
    /// Answer every request with JSON, never SSE (progress and logs are then not delivered).
    public var jsonResponsesOnly = false
    /// Largest request body accepted (413 beyond).
    public var maxBodyBytes = 10 * 1024 * 1024
    /// Legacy sessions idle this long (with nothing in flight) are ended.
    public var sessionIdleTimeout: Duration = .seconds(1800)
    /// At most this many legacy sessions at once (503 beyond).
    public var maxSessions = 10_000
    /// Comment lines sent on quiet SSE streams so intermediaries keep them open.
    public var keepAliveInterval: Duration = .seconds(15)
    /// Events buffered for one SSE reader before it is judged too slow and disconnected.
    public var streamBufferLimit = 1024
    /// Events kept per stream for `Last-Event-ID` replay.
    public var replayLimit = 256
    /// On shutdown, how long requests in flight may take to finish before streams are ended.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// The `retry` (milliseconds) suggested to SSE clients.
    public var retryMilliseconds = 1000

    public init() {}

    /// Whether the bind address is a loopback one, where Origin/Host protection matters most.
    public var bindsLoopback: Bool { ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) }
}
