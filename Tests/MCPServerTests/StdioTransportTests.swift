import Foundation
import MCP
import Testing
@testable import MCPServer

/// The stdio transport over real pipes, as a client process would see it.
@Suite struct StdioTransportTests {
    /// A tool that reports it started, then waits until it is cancelled.
    static func definition(started: AsyncStream<Void>.Continuation) -> ServerDefinition {
        var definition = makeTestDefinition()
        definition.tools.register(ToolDefinition(Tool(name: "wait", inputSchema: ["type": "object"])) { _, _ in
            started.yield()
            // Sleeps until cancelled; an hour stands in for "forever".
            try await Task.sleep(for: .seconds(3600))
            return .structured(["finished": true])
        })
        return definition
    }

    final class Pipes: Sendable {
        let toServer: (read: Int32, write: Int32)
        let fromServer: (read: Int32, write: Int32)

        init() throws {
            var a: [Int32] = [0, 0], b: [Int32] = [0, 0]
            guard pipe(&a) == 0, pipe(&b) == 0 else { throw POSIXError(.EMFILE) }
            toServer = (a[0], a[1])
            fromServer = (b[0], b[1])
        }

        func send(_ text: String) {
            let bytes = Array((text + "\n").utf8)
            _ = bytes.withUnsafeBytes { write(toServer.write, $0.baseAddress, $0.count) }
        }

        func closeInput() { close(toServer.write) }

        /// Reads one line from the server. The blocking read runs on a dispatch thread so it never
        /// holds one of the few Swift concurrency threads the server itself needs.
        func readLine() async -> JSONValue? {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: self.readLineBlocking()) }
            }
        }

        private func readLineBlocking() -> JSONValue? {
            var line: [UInt8] = []
            var byte: UInt8 = 0
            while read(fromServer.read, &byte, 1) == 1 {
                if byte == UInt8(ascii: "\n") { return try? JSONValue(parsing: line) }
                line.append(byte)
            }
            return nil
        }

        func closeAll() {
            close(toServer.read)
            close(fromServer.read)
            close(fromServer.write)
        }
    }

    @Test func cancellationStopsTheHandlerAndSuppressesItsResponse() async throws {
        let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
        let pipes = try Pipes()
        defer { pipes.closeAll() }
        var configuration = StdioTransport.Configuration()
        configuration.shutdownSignals = []
        let transport = StdioTransport(
            dispatcher: Dispatcher(definition: Self.definition(started: startedContinuation)),
            configuration: configuration, input: pipes.toServer.read, output: pipes.fromServer.write
        )
        let running = Task { await transport.run() }

        pipes.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#)
        #expect(await pipes.readLine()?["id"] == 1)
        pipes.send(#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"wait"}}"#)
        var iterator = started.makeAsyncIterator()
        _ = await iterator.next()
        pipes.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2,"reason":"test"}}"#)
        pipes.send(#"{"jsonrpc":"2.0","id":3,"method":"ping"}"#)
        // The next line must be the ping's answer: the cancelled call never answers.
        #expect(await pipes.readLine() == ["jsonrpc": "2.0", "id": 3, "result": [:]])
        pipes.closeInput()
        await running.value
    }

    @Test func endOfInputWaitsForRequestsInFlight() async throws {
        let pipes = try Pipes()
        defer { pipes.closeAll() }
        var configuration = StdioTransport.Configuration()
        configuration.shutdownSignals = []
        let transport = StdioTransport(dispatcher: Dispatcher(definition: makeTestDefinition()), configuration: configuration, input: pipes.toServer.read, output: pipes.fromServer.write)
        let running = Task { await transport.run() }
        pipes.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#)
        pipes.send(#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}"#)
        pipes.closeInput()
        await running.value
        let replies = [await pipes.readLine(), await pipes.readLine()]
        #expect(replies.compactMap { $0?["id"] }.sorted { ($0.intValue ?? 0) < ($1.intValue ?? 0) } == [1, 2])
    }

    @Test func duplicateIdsInFlightAreRefused() async throws {
        let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
        let pipes = try Pipes()
        defer { pipes.closeAll() }
        var configuration = StdioTransport.Configuration()
        configuration.shutdownSignals = []
        let transport = StdioTransport(dispatcher: Dispatcher(definition: Self.definition(started: startedContinuation)), configuration: configuration, input: pipes.toServer.read, output: pipes.fromServer.write)
        let running = Task { await transport.run() }
        pipes.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#)
        _ = await pipes.readLine()
        pipes.send(#"{"jsonrpc":"2.0","id":"w","method":"tools/call","params":{"name":"wait"}}"#)
        var iterator = started.makeAsyncIterator()
        _ = await iterator.next()
        pipes.send(#"{"jsonrpc":"2.0","id":"w","method":"ping"}"#)
        let reply = await pipes.readLine()
        #expect(reply?["id"] == "w")
        #expect(reply?["error"]?["code"] == -32600)
        pipes.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"w"}}"#)
        pipes.closeInput()
        await running.value
    }

    @Test func oversizedLinesAreRefusedAndSkipped() async throws {
        let pipes = try Pipes()
        defer { pipes.closeAll() }
        var configuration = StdioTransport.Configuration()
        configuration.shutdownSignals = []
        configuration.maxMessageBytes = 1000
        let transport = StdioTransport(dispatcher: Dispatcher(definition: makeTestDefinition()), configuration: configuration, input: pipes.toServer.read, output: pipes.fromServer.write)
        let running = Task { await transport.run() }
        pipes.send(#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":""# + String(repeating: "x", count: 5000) + #""}}"#)
        let refused = await pipes.readLine()
        #expect(refused?["error"]?["code"] == -32600)
        #expect(refused?["id"] == .null)
        pipes.send(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
        #expect(await pipes.readLine()?["id"] == 2)
        pipes.closeInput()
        await running.value
    }
}
