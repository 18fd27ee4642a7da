import MCP

/// A legacy-era session over HTTP: the protocol session, its SSE streams, and a back-channel for
/// requests to the client. Bound to the principal that created it (a session id never
/// authenticates by itself).
actor HTTPSession {
    nonisolated let id: String
    nonisolated let principal: Principal
    nonisolated let clientRequests = ClientRequestTracker()
    private let configuration: HTTPTransportConfiguration
    private(set) var server: ServerSession?
    private var streams: [Int: ReplayableStream] = [:]
    private var nextStreamIndex = 1
    private(set) var lastSeen = ContinuousClock.now
    private(set) var isTerminated = false
    /// Finished POST streams kept for resumption, oldest first.
    private var finishedOrder: [Int] = []
    private static let keptFinishedStreams = 16

    init(id: String, principal: Principal, configuration: HTTPTransportConfiguration) {
        self.id = id
        self.principal = principal
        self.configuration = configuration
        let getStream = ReplayableStream(index: 0, replayLimit: configuration.replayLimit, retryMilliseconds: configuration.retryMilliseconds)
        streams[0] = getStream
        // Messages not tied to a request (resource updates) go on the GET stream (L17).
        server = ServerSession(id: id, principal: principal, sink: { message in await getStream.publish(message) })
    }

    func touch() { lastSeen = .now }

    /// The protocol session; only `nil` after termination.
    var protocolSession: ServerSession? { server }

    /// Opens a new POST response stream.
    func openStream() -> ReplayableStream {
        let index = nextStreamIndex
        nextStreamIndex += 1
        let stream = ReplayableStream(index: index, replayLimit: configuration.replayLimit, retryMilliseconds: configuration.retryMilliseconds)
        streams[index] = stream
        return stream
    }

    /// Notes that a POST stream has its response; old finished streams are forgotten.
    func streamFinished(_ index: Int) {
        finishedOrder.append(index)
        while finishedOrder.count > Self.keptFinishedStreams {
            streams[finishedOrder.removeFirst()] = nil
        }
    }

    func stream(_ index: Int) -> ReplayableStream? { streams[index] }
    var getStream: ReplayableStream? { streams[0] }

    /// Whether anything keeps the session busy (so idle expiry must wait).
    func isBusy() async -> Bool {
        if let server, await server.inFlightCount > 0 { return true }
        for stream in streams.values where await stream.hasReader { return true }
        return false
    }

    /// Ends the session: cancels its requests, closes its streams, fails pending client requests.
    func terminate() async {
        guard !isTerminated else { return }
        isTerminated = true
        await server?.cancelAll()
        await clientRequests.close()
        for stream in streams.values { await stream.close() }
        streams = [:]
        server = nil
    }
}
