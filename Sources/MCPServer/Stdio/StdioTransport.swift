import Foundation
import Logging
import MCP
import Synchronization

/// Serves one client over newline-delimited JSON-RPC on stdin and stdout.
///
/// Requests run concurrently (up to a limit); `notifications/cancelled` cancels a running
/// request; nothing but protocol messages is written to stdout. ``run()`` returns at end of
/// input, once running requests have answered, or on SIGTERM/SIGINT, after cancelling them.
public struct StdioTransport: Sendable {
    /// Limits that keep one client from growing the server without bound.
    public struct Configuration: Sendable {
        /// The longest message accepted; longer lines are answered with `-32600` and skipped.
        public var maxMessageBytes = 16 * 1024 * 1024
        /// How many requests may run at once before reading pauses.
        public var maxConcurrentRequests = 64
        /// Signals that end the server cleanly.
        public var shutdownSignals: [Int32] = [SIGTERM, SIGINT]
        /// How many server-to-client requests (sampling) may wait for answers at once.
        public var maxPendingClientRequests = 256
        /// Request rate limits for this process (the one client at the other end of the pipe);
        /// a request over the limit is answered with `-32029` and `data.retryAfterSeconds`.
        public var rateLimiter: RateLimiter?

        public init() {}
    }

    private let dispatcher: Dispatcher
    private let configuration: Configuration
    private let input: Int32
    private let output: Int32
    private let logger: Logger

    public init(
        dispatcher: Dispatcher, configuration: Configuration = .init(),
        input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO,
        logger: Logger = Logger(label: "quire.stdio")
    ) {
        self.dispatcher = dispatcher
        self.configuration = configuration
        self.input = input
        self.output = output
        self.logger = logger
    }

    private enum Stop: Sendable { case endOfInput, signal(Int32) }

    /// Serves until end of input or a shutdown signal.
    public func run() async {
        let writer = OutputWriter(fileDescriptor: output)
        let sink: OutboundSink = { message in await writer.send(message) }
        let session = ServerSession(id: "stdio", principal: .local, sink: sink)
        let clientRequests = ClientRequestTracker(maxPending: configuration.maxPendingClientRequests)
        let origin = Dispatcher.Origin(principal: .local, sink: sink, requester: ClientRequester(tracker: clientRequests, sink: sink))
        let limiter = ConcurrencyLimiter(limit: configuration.maxConcurrentRequests)
        let lines = LineReader(fileDescriptor: input, maxLineBytes: configuration.maxMessageBytes)
        let signals = SignalWatcher(signals: configuration.shutdownSignals).stream()

        let stop = await withTaskGroup(of: Stop?.self) { group -> Stop in
            group.addTask {
                for await event in lines {
                    await process(event, session: session, origin: origin, clientRequests: clientRequests, writer: writer, limiter: limiter)
                }
                return .endOfInput
            }
            group.addTask {
                for await number in signals { return .signal(number) }
                return nil
            }
            var reason = Stop.endOfInput
            for await finished in group {
                if let finished {
                    reason = finished
                    break
                }
            }
            group.cancelAll()
            return reason
        }
        // Answers can no longer arrive, so handlers waiting on the client must stop waiting
        // before we wait for the handlers.
        await clientRequests.close()
        let running = await session.inFlightCount
        switch stop {
        case .endOfInput:
            logger.debug("end of input; waiting for \(running) request(s)")
        case .signal(let number):
            logger.info("received signal \(number); cancelling \(running) request(s)")
            await session.cancelAll()
        }
        await limiter.drain()
    }

    private func process(
        _ event: LineEvent, session: ServerSession, origin: Dispatcher.Origin, clientRequests: ClientRequestTracker,
        writer: OutputWriter, limiter: ConcurrencyLimiter
    ) async {
        guard case .line(let bytes) = event else {
            await writer.send(.errorResponse(JSONRPCErrorResponse(id: nil, error: .invalidRequest("message larger than \(configuration.maxMessageBytes) bytes"))))
            return
        }
        // Blank lines are keep-alives from some clients, not messages.
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        switch JSONRPCCodec.decode(bytes) {
        case .invalid(let failure):
            await writer.send(.errorResponse(failure))
        case .single(.request(let request)):
            await start(request, session: session, origin: origin, writer: writer, limiter: limiter)
        case .single(.notification(let notification)):
            await dispatcher.handle(notification, session: session)
        case .single(let answer):
            await resolve(answer, clientRequests: clientRequests)
        case .batch(let elements):
            await processBatch(elements, session: session, origin: origin, clientRequests: clientRequests, writer: writer, limiter: limiter)
        }
    }

    private func start(_ request: JSONRPCRequest, session: ServerSession, origin: Dispatcher.Origin, writer: OutputWriter, limiter: ConcurrencyLimiter) async {
        if let refusal = rateLimitRefusal(for: request) {
            await writer.send(refusal)
            return
        }
        let handle = CancellationHandle()
        // initialize is never cancelled (lifecycle rule), so it registers a no-op.
        let cancellable = request.method != Method.initialize
        let cancel: @Sendable () -> Void = { if cancellable { handle.cancel() } }
        guard await session.register(request.id, cancel: cancel) else {
            await writer.send(.errorResponse(JSONRPCErrorResponse(
                id: request.id, error: JSONRPCError.invalidRequest("request id \(request.id) is already in use by a request in flight")
            )))
            return
        }
        await limiter.acquire()
        let dispatcher = self.dispatcher
        handle.attach(Task {
            let response = await dispatcher.handle(request, session: session, origin: origin)
            await session.finish(request.id)
            if let response { await writer.send(response) }
            await limiter.release()
        })
    }

    /// The `-32029` answer for a request over the process's rate limit, or `nil` when it may run.
    private func rateLimitRefusal(for request: JSONRPCRequest) -> JSONRPCMessage? {
        guard let decision = configuration.rateLimiter?.acquire(key: "stdio"), !decision.isAllowed else { return nil }
        return .errorResponse(JSONRPCErrorResponse(id: request.id, error: .rateLimited(retryAfterSeconds: decision.retryAfterSeconds)))
    }

    /// Hands a client's response to the request it answers; answers to nothing are only logged.
    private func resolve(_ answer: JSONRPCMessage, clientRequests: ClientRequestTracker) async {
        guard await !clientRequests.resolve(answer) else { return }
        switch answer {
        case .response(let response):
            logger.debug("ignoring a response to \(response.id), which is not a request waiting for an answer")
        case .errorResponse(let response):
            logger.warning("the client answered \(response.id.map(\.description) ?? "null") with an error that matches no waiting request: \(response.error)")
        default:
            break
        }
    }

    private func processBatch(
        _ elements: [JSONRPCBatchElement], session: ServerSession, origin: Dispatcher.Origin, clientRequests: ClientRequestTracker,
        writer: OutputWriter, limiter: ConcurrencyLimiter
    ) async {
        guard let handshake = await session.handshake, handshake.protocolVersion.allowsBatching else {
            await writer.send(.errorResponse(JSONRPCErrorResponse(id: nil, error: .invalidRequest("batches are allowed only in protocol revision 2025-03-26"))))
            return
        }
        await limiter.acquire()
        let dispatcher = self.dispatcher
        Task {
            var responses: [JSONRPCMessage] = []
            await withTaskGroup(of: JSONRPCMessage?.self) { group in
                for element in elements {
                    switch element {
                    case .invalid(let failure):
                        responses.append(.errorResponse(failure))
                    case .message(.request(let request)) where request.method == Method.initialize:
                        responses.append(.errorResponse(JSONRPCErrorResponse(id: request.id, error: .invalidRequest("initialize cannot be batched"))))
                    case .message(.request(let request)):
                        if let refusal = rateLimitRefusal(for: request) {
                            responses.append(refusal)
                        } else {
                            group.addTask { await dispatcher.handle(request, session: session, origin: origin) }
                        }
                    case .message(.notification(let notification)):
                        await dispatcher.handle(notification, session: session)
                    case .message(let answer):
                        await resolve(answer, clientRequests: clientRequests)
                    }
                }
                for await response in group { if let response { responses.append(response) } }
            }
            if !responses.isEmpty { await writer.send(batch: responses) }
            await limiter.release()
        }
    }
}
