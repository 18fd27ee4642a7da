import Foundation
import Hummingbird
import HTTPTypes
import MCP

/// The 2024-11-05 HTTP+SSE transport: `GET /sse` opens the session's stream and names the POST
/// endpoint in an `endpoint` event; `POST /messages?sessionId=…` delivers messages whose answers
/// arrive on that stream. Deprecated by the spec but still spoken by older clients.
actor LegacySSEEndpoint {
    private struct Connection {
        let server: ServerSession
        let outbox: SSEOutbox
        let clientRequests: ClientRequestTracker
    }

    private let dispatcher: Dispatcher
    private let configuration: HTTPTransportConfiguration
    private let streams: StreamTracker
    private var connections: [String: Connection] = [:]

    init(dispatcher: Dispatcher, configuration: HTTPTransportConfiguration, streams: StreamTracker) {
        self.dispatcher = dispatcher
        self.configuration = configuration
        self.streams = streams
    }

    func open(principal: Principal, messagesPath: String) -> Response {
        guard connections.count < configuration.maxSessions else {
            return HTTPReplies.error(.internalError("too many sessions; try again later"), id: nil, status: .serviceUnavailable)
        }
        var generator = SystemRandomNumberGenerator()
        let id = (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
        let outbox = SSEOutbox(limit: configuration.streamBufferLimit)
        let send: OutboundSink = { message in outbox.send(SSEEvent(event: "message", data: message.json.jsonString)) }
        let server = ServerSession(id: id, principal: principal, sink: send)
        connections[id] = Connection(server: server, outbox: outbox, clientRequests: ClientRequestTracker())
        outbox.send(SSEEvent(event: "endpoint", data: "\(messagesPath)?sessionId=\(id)"))
        return SSEResponse.stream(outbox, tracker: streams, onDisconnect: {
            Task { await self.close(id) }
        })
    }

    /// Live sessions.
    var count: Int { connections.count }

    /// The stream went away: the session ends with it.
    func close(_ id: String) async {
        guard let connection = connections.removeValue(forKey: id) else { return }
        connection.outbox.close()
        await connection.server.cancelAll()
        await connection.clientRequests.close()
    }

    func closeAll() async {
        for id in Array(connections.keys) { await close(id) }
    }

    func post(sessionID: String?, body: [UInt8], principal: Principal) async -> Response {
        guard let sessionID, let connection = connections[sessionID], connection.server.principal.id == principal.id else {
            return Response(status: .notFound, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: "Unknown or expired sessionId\n")))
        }
        let send: OutboundSink = { message in connection.outbox.send(SSEEvent(event: "message", data: message.json.jsonString)) }
        switch JSONRPCCodec.decode(body) {
        case .invalid(let failure):
            return HTTPReplies.message(.errorResponse(failure), status: .badRequest)
        case .batch:
            return HTTPReplies.error(.invalidRequest("batches are not part of the 2024-11-05 transport"), id: nil, status: .badRequest)
        case .single(.notification(let notification)):
            await dispatcher.handle(notification, session: connection.server)
        case .single(.request(let request)):
            if let refusal = await dispatcher.checkAccess(request, principal: principal) { return HTTPReplies.forbidden(refusal, id: request.id) }
            let origin = Dispatcher.Origin(principal: principal, sink: send, requester: ClientRequester(tracker: connection.clientRequests, sink: send))
            let dispatcher = self.dispatcher
            let streams = self.streams
            let handle = CancellationHandle()
            guard await connection.server.register(request.id, cancel: { handle.cancel() }) else {
                return HTTPReplies.error(.invalidRequest("request id \(request.id) is already in use"), id: request.id, status: .badRequest)
            }
            handle.attach(Task {
                await streams.request {
                    let reply = await dispatcher.handle(request, session: connection.server, origin: origin)
                    await connection.server.finish(request.id)
                    if let reply { await send(reply) }
                }
            })
        case .single(let message):
            _ = await connection.clientRequests.resolve(message)
        }
        return HTTPReplies.accepted()
    }
}
