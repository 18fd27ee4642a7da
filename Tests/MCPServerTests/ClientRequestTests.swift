import Foundation
import MCP
import Synchronization
import Testing
@testable import MCPServer

/// Server-to-client requests (sampling's transport) over the stdio transport and real pipes.
@Suite struct ClientRequestTests {
    /// `ask` sends `sampling/createMessage` to the client and reports how that ended.
    static func definition() -> ServerDefinition {
        var definition = makeTestDefinition()
        let schema: JSONValue = ["type": "object", "properties": ["timeout_ms": ["type": "integer"]]]
        definition.tools.register(ToolDefinition(Tool(name: "ask", inputSchema: schema)) { arguments, context in
            let timeout = arguments["timeout_ms"]?.intValue.map { Duration.milliseconds($0) } ?? .seconds(60)
            do {
                let answer = try await context.request("sampling/createMessage", params: ["messages": [], "maxTokens": 5], timeout: timeout)
                return .structured(["answer": answer])
            } catch let error as JSONRPCError {
                return .structured(["clientError": .int(error.code), "message": .string(error.message)])
            } catch let error as ClientRequestError {
                let kind: String
                switch error {
                case .timedOut: kind = "timedOut"
                case .connectionClosed: kind = "connectionClosed"
                case .unavailable: kind = "unavailable"
                case .tooManyPending: kind = "tooManyPending"
                }
                return .structured(["failure": .string(kind)])
            }
        })
        return definition
    }

    /// A transport on pipes, already initialized (legacy era, sampling declared).
    struct Harness {
        let pipes: StdioTransportTests.Pipes
        let running: Task<Void, Never>

        static func start(maxConcurrentRequests: Int = 64, maxQueuedRequests: Int = 64) async throws -> Harness {
            let pipes = try StdioTransportTests.Pipes()
            var configuration = StdioTransport.Configuration()
            configuration.shutdownSignals = []
            configuration.maxConcurrentRequests = maxConcurrentRequests
            configuration.maxQueuedRequests = maxQueuedRequests
            let transport = StdioTransport(
                dispatcher: Dispatcher(definition: ClientRequestTests.definition()), configuration: configuration,
                input: pipes.toServer.read, output: pipes.fromServer.write
            )
            let running = Task { await transport.run() }
            pipes.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"sampling":{}},"clientInfo":{"name":"t","version":"1"}}}"#)
            #expect(await pipes.readLine()?["id"] == 1)
            pipes.send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
            return Harness(pipes: pipes, running: running)
        }

        /// Closes the input, waits for the transport to finish, releases the pipes.
        func finish() async {
            pipes.closeInput()
            await running.value
            pipes.closeAll()
        }

        /// Calls `ask` and returns the sampling request the server sent for it.
        func ask(id: Int, arguments: String = "{}") async -> JSONValue? {
            pipes.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"ask","arguments":\#(arguments)}}"#)
            return await pipes.readLine()
        }
    }

    @Test func theClientsAnswerReachesTheTool() async throws {
        let harness = try await Harness.start()
        let request = await harness.ask(id: 2)
        #expect(request?["method"] == "sampling/createMessage")
        #expect(request?["params"]?["maxTokens"] == 5)
        // String ids with a prefix: never confused with the client's own integer or string ids.
        let id = try #require(request?["id"]?.stringValue)
        #expect(id.hasPrefix("quire-"))
        harness.pipes.send(#"{"jsonrpc":"2.0","id":"\#(id)","result":{"role":"assistant","content":{"type":"text","text":"hello"},"model":"m"}}"#)
        let reply = await harness.pipes.readLine()
        #expect(reply?["id"] == 2)
        #expect(reply?["result"]?["structuredContent"]?["answer"]?["content"]?["text"] == "hello")

        // A second request gets a fresh id.
        let second = await harness.ask(id: 3)
        let secondID = try #require(second?["id"]?.stringValue)
        #expect(secondID != id)
        harness.pipes.send(#"{"jsonrpc":"2.0","id":"\#(secondID)","result":{"n":2}}"#)
        #expect(await harness.pipes.readLine()?["result"]?["structuredContent"]?["answer"] == ["n": 2])
        await harness.finish()
    }

    /// Every slot is taken by a call waiting for the client's answer and another call waits for a
    /// slot: the answer must still be read (before, reading stopped at the waiting call, so the
    /// answer sat unread until the sampling request timed out).
    @Test func answersAreReadWhileRequestsWaitForASlot() async throws {
        let harness = try await Harness.start(maxConcurrentRequests: 1, maxQueuedRequests: 1)
        let first = try #require(await harness.ask(id: 2, arguments: #"{"timeout_ms":20000}"#)?["id"]?.stringValue)
        // Queued behind call 2; and with the line full, call 4 is refused at once.
        harness.pipes.send(#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"ask","arguments":{"timeout_ms":20000}}}"#)
        harness.pipes.send(#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"ask","arguments":{}}}"#)
        let refused = await harness.pipes.readLine()
        #expect(refused?["id"] == 4)
        #expect(refused?["error"]?["code"] == .int(JSONRPCError.Code.rateLimited))
        harness.pipes.send(#"{"jsonrpc":"2.0","id":"\#(first)","result":{"n":1}}"#)
        let reply = await harness.pipes.readLine()
        #expect(reply?["id"] == 2)
        #expect(reply?["result"]?["structuredContent"]?["answer"] == ["n": 1])
        // Call 3 got the slot and asks in turn.
        let second = try #require(await harness.pipes.readLine())
        #expect(second["method"] == "sampling/createMessage")
        let secondID = try #require(second["id"]?.stringValue)
        harness.pipes.send(#"{"jsonrpc":"2.0","id":"\#(secondID)","result":{"n":2}}"#)
        let last = await harness.pipes.readLine()
        #expect(last?["id"] == 3)
        #expect(last?["result"]?["structuredContent"]?["answer"] == ["n": 2])
        await harness.finish()
    }

    @Test func anErrorResponseIsThrownAsTheClientsError() async throws {
        let harness = try await Harness.start()
        let id = try #require(await harness.ask(id: 2)?["id"]?.stringValue)
        harness.pipes.send(#"{"jsonrpc":"2.0","id":"\#(id)","error":{"code":-1,"message":"User rejected sampling request"}}"#)
        let result = await harness.pipes.readLine()?["result"]?["structuredContent"]
        #expect(result?["clientError"] == -1)
        #expect(result?["message"] == "User rejected sampling request")
        await harness.finish()
    }

    @Test func answersToUnknownIdsAreIgnored() async throws {
        let harness = try await Harness.start()
        harness.pipes.send(#"{"jsonrpc":"2.0","id":"quire-999","result":{}}"#)
        harness.pipes.send(#"{"jsonrpc":"2.0","id":7,"error":{"code":-32601,"message":"no"}}"#)
        harness.pipes.send(#"{"jsonrpc":"2.0","id":4,"method":"ping"}"#)
        // Nothing is written for the stray answers: the next line is the ping's.
        #expect(await harness.pipes.readLine() == ["jsonrpc": "2.0", "id": 4, "result": [:]])
        await harness.finish()
    }

    @Test func cancellingTheCallCancelsItsRequestOnTheClient() async throws {
        let harness = try await Harness.start()
        let id = try #require(await harness.ask(id: 2)?["id"]?.stringValue)
        harness.pipes.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2}}"#)
        let cancelled = await harness.pipes.readLine()
        #expect(cancelled?["method"] == "notifications/cancelled")
        #expect(cancelled?["params"]?["requestId"] == .string(id))
        // A late answer is ignored, and the cancelled call never answers: next is the ping.
        harness.pipes.send(#"{"jsonrpc":"2.0","id":"\#(id)","result":{}}"#)
        harness.pipes.send(#"{"jsonrpc":"2.0","id":5,"method":"ping"}"#)
        #expect(await harness.pipes.readLine() == ["jsonrpc": "2.0", "id": 5, "result": [:]])
        await harness.finish()
    }

    @Test func anUnansweredRequestTimesOutAndIsCancelledOnTheClient() async throws {
        let harness = try await Harness.start()
        let id = try #require(await harness.ask(id: 2, arguments: #"{"timeout_ms":100}"#)?["id"]?.stringValue)
        let cancelled = await harness.pipes.readLine()
        #expect(cancelled?["method"] == "notifications/cancelled")
        #expect(cancelled?["params"]?["requestId"] == .string(id))
        let reply = await harness.pipes.readLine()
        #expect(reply?["id"] == 2)
        #expect(reply?["result"]?["structuredContent"]?["failure"] == "timedOut")
        await harness.finish()
    }

    @Test func endOfInputFailsWaitingRequestsSoTheServerCanStop() async throws {
        let harness = try await Harness.start()
        #expect(await harness.ask(id: 2)?["method"] == "sampling/createMessage")
        harness.pipes.closeInput()
        // Without closing the tracker, run() would wait forever for the call.
        await harness.running.value
        let reply = await harness.pipes.readLine()
        #expect(reply?["id"] == 2)
        #expect(reply?["result"]?["structuredContent"]?["failure"] == "connectionClosed")
        harness.pipes.closeAll()
    }

    @Test func modernRequestsHaveNoBackChannel() async throws {
        let harness = try await Harness.start()
        let meta = modernMeta.jsonString
        harness.pipes.send(#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"ask","arguments":{},"_meta":\#(meta)}}"#)
        let reply = await harness.pipes.readLine()
        #expect(reply?["id"] == 2)
        #expect(reply?["result"]?["structuredContent"]?["failure"] == "unavailable")
        await harness.finish()
    }

    @Test func anAnswerThatArrivesDuringTheSendIsKept() async throws {
        // The sink answers before `send` even starts waiting, the fastest a client can be.
        let tracker = ClientRequestTracker(idPrefix: "t-")
        let sink: OutboundSink = { message in
            if case .request(let request) = message {
                await tracker.resolve(.response(JSONRPCResponse(id: request.id, result: ["fast": true])))
            }
        }
        let answer = try await tracker.send("x", params: nil, timeout: .seconds(60), over: sink)
        #expect(answer == ["fast": true])
        #expect(await tracker.pendingCount == 0)
    }

    @Test func aClosedTrackerRefusesAndTooManyWaitingAreRefused() async throws {
        let sent = SentMessages()
        let (requests, requestSent) = AsyncStream.makeStream(of: Void.self)
        let sink: OutboundSink = { message in
            await sent.sink(message)
            requestSent.yield()
        }
        let small = ClientRequestTracker(maxPending: 1)
        let waiting = Task { try await small.send("first", params: nil, timeout: .seconds(60), over: sink) }
        var iterator = requests.makeAsyncIterator()
        _ = await iterator.next()
        await #expect(throws: ClientRequestError.tooManyPending(limit: 1)) {
            try await small.send("second", params: nil, timeout: .seconds(60), over: sink)
        }
        await small.close()
        await #expect(throws: ClientRequestError.connectionClosed) { try await waiting.value }
        await #expect(throws: ClientRequestError.connectionClosed) {
            try await small.send("third", params: nil, timeout: .seconds(60), over: sink)
        }
        // Only the first request was ever sent; closing sends no cancellations.
        #expect(sent.all.count == 1)
    }
}
