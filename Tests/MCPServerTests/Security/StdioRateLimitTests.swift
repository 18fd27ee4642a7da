import Foundation
import MCP
import Testing
@testable import MCPServer

/// Rate limits over stdio, through real pipes: every request over the limit still gets an
/// answer, the `-32029` error with `data.retryAfterSeconds`.
@Suite struct StdioRateLimitTests {
    typealias Pipes = StdioTransportTests.Pipes

    static func transport(_ pipes: Pipes, burst: Int) -> StdioTransport {
        var configuration = StdioTransport.Configuration()
        configuration.shutdownSignals = []
        configuration.rateLimiter = RateLimiter(configuration: RateLimitConfiguration(requestsPerMinute: 60, burst: burst), clock: ManualClock().clock)
        return StdioTransport(
            dispatcher: Dispatcher(definition: makeTestDefinition()), configuration: configuration,
            input: pipes.toServer.read, output: pipes.fromServer.write
        )
    }

    @Test func requestsOverTheLimitAreAnsweredWithRateLimited() async throws {
        let pipes = try Pipes()
        defer { pipes.closeAll() }
        let running = Task { await Self.transport(pipes, burst: 2).run() }
        pipes.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#)
        #expect(await pipes.readLine()?["result"]?["protocolVersion"] == "2025-11-25")
        pipes.send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        pipes.send(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
        #expect(await pipes.readLine() == ["jsonrpc": "2.0", "id": 2, "result": [:]])
        for id in 3...5 {
            pipes.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"}}}"#)
            let reply = await pipes.readLine()
            #expect(reply?["id"] == .int(id))
            #expect(reply?["error"]?["code"] == -32029)
            #expect(reply?["error"]?["data"]?["retryAfterSeconds"] == 1)
        }
        pipes.closeInput()
        await running.value
    }

    @Test func eachRequestInABatchIsCounted() async throws {
        let pipes = try Pipes()
        defer { pipes.closeAll() }
        let running = Task { await Self.transport(pipes, burst: 2).run() }
        pipes.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#)
        _ = await pipes.readLine()
        pipes.send(#"[{"jsonrpc":"2.0","id":2,"method":"ping"},{"jsonrpc":"2.0","id":3,"method":"ping"}]"#)
        let replies = await pipes.readLine()?.arrayValue ?? []
        #expect(replies.count == 2)
        #expect(replies.contains { $0["id"] == 2 && $0["result"] == [:] })
        #expect(replies.contains { $0["id"] == 3 && $0["error"]?["code"] == -32029 })
        pipes.closeInput()
        await running.value
    }
}
