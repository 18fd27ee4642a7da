import Hummingbird
import MCP
import Testing
@testable import MCPServer

@Suite struct OpsTests {
    @Test func incomingRequestIDsAreKeptOnlyWhenSafe() {
        typealias IDs = RequestIDMiddleware<MCPRequestContext>
        #expect(IDs.accepted("abc-123_x.y:z") == "abc-123_x.y:z")
        #expect(IDs.accepted("") == nil)
        #expect(IDs.accepted(String(repeating: "a", count: 129)) == nil)
        #expect(IDs.accepted(String(repeating: "a", count: 128)) != nil)
        #expect(IDs.accepted("forged\nlog line") == nil)
        #expect(IDs.accepted("a b") == nil)
        #expect(IDs.accepted("ünïcode") == nil)
    }

    @Test func toolCallsAreCountedByToolAndOutcomeWithLatency() async {
        let metrics = ServerMetrics()
        let base = ToolCallRecord(
            tool: "add_document", principal: "p", protocolVersion: .v2025_11_25, startedAt: .now, duration: .milliseconds(3),
            isError: false, errorCode: nil, cancelled: false
        )
        var failed = base
        failed.isError = true
        var cancelled = base
        cancelled.cancelled = true
        for record in [base, base, failed, cancelled] { await metrics.toolCalls.toolCallFinished(record) }
        let text = String(decoding: metrics.render(), as: UTF8.self)
        #expect(text.contains(#"mcp_tool_calls_total{tool="add_document",outcome="success"} 2"#))
        #expect(text.contains(#"mcp_tool_calls_total{tool="add_document",outcome="error"} 1"#))
        #expect(text.contains(#"mcp_tool_calls_total{tool="add_document",outcome="cancelled"} 1"#))
        #expect(text.contains(#"mcp_tool_call_duration_seconds_count{tool="add_document"} 4"#))
        #expect(text.contains(#"mcp_tool_call_duration_seconds_bucket{tool="add_document",le="0.005"} 4"#))
    }

    @Test func hummingbirdMetricNamesBecomePrometheusNames() {
        let (name, labels) = ServerMetrics.prometheusName("hb.requests", [("http.route", "/mcp"), ("http.request.method", "POST"), ("http.response.status_code", "200")])
        #expect(name == "http_requests_total")
        #expect(labels.map(\.0) == ["route", "method", "status"])
        #expect(ServerMetrics.prometheusName("http.server.request.duration", []).0 == "http_request_duration_seconds")
        #expect(ServerMetrics.prometheusName("some.other-metric", [("a.b", "1")]).0 == "some_other_metric")
        #expect(ServerMetrics.prometheusName("some.other-metric", [("a.b", "1")]).1.first?.0 == "a_b")
    }

    @Test func gaugesAreSetAndReplaced() {
        let metrics = ServerMetrics()
        metrics.setGauge("quire_test_gauge", help: "A test gauge.", to: 3)
        metrics.setGauge("quire_test_gauge", help: "A test gauge.", to: 5)
        let text = String(decoding: metrics.render(), as: UTF8.self)
        #expect(text.contains("quire_test_gauge 5"))
        #expect(!text.contains("quire_test_gauge 3"))
    }

    @Test func fanOutTellsEveryObserverInOrder() async {
        let first = RecordingObserver()
        let second = RecordingObserver()
        let fanOut = DispatchObserverFanOut([first, nil, second])
        #expect(fanOut.observers.count == 2)
        let record = ToolCallRecord(
            tool: "t", principal: "p", protocolVersion: .v2025_11_25, startedAt: .now, duration: .zero, isError: false, errorCode: nil, cancelled: false
        )
        await fanOut.toolCallFinished(record)
        #expect(first.all == [record])
        #expect(second.all == [record])
    }

    @Test func everyStreamGetsAFinalShutdownEventWhenClosed() async {
        let tracker = StreamTracker(keepAliveInterval: .seconds(15))
        let outbox = SSEOutbox(limit: 8)
        tracker.track(outbox)
        outbox.send(SSEEvent(event: "message", data: "{}"))
        tracker.closeAll()
        var chunks: [String] = []
        while let chunk = await outbox.next() { chunks.append(String(decoding: chunk, as: UTF8.self)) }
        #expect(chunks.count == 2)
        #expect(chunks.last?.hasPrefix("event: shutdown\n") == true)
        // A stream opened after shutdown began is refused (closed at once, no events).
        let late = SSEOutbox(limit: 8)
        tracker.track(late)
        #expect(late.isClosed)
    }

    @Test func openAPIMergesWhatProvidersDescribe() throws {
        struct Extra: HTTPRouteProvider {
            func addRoutes(to router: Router<MCPRequestContext>, context: HTTPRouteContext) {}
            var openAPIPaths: [String: JSONValue] {
                ["/extra": ["get": ["responses": ["200": ["description": "ok"]]]], "/mcp": ["options": ["responses": ["204": ["description": "preflight"]]]]]
            }
            var openAPISchemas: [String: JSONValue] { ["Extra": ["type": "object"]] }
        }
        let document = OpenAPIDocument.build(title: "t", version: "1", providers: [Extra()])
        #expect(document["openapi"] == "3.1.0")
        #expect(document["paths"]?["/extra"]?["get"] != nil)
        // A provider's methods join the core's on the same path.
        #expect(document["paths"]?["/mcp"]?["post"] != nil)
        #expect(document["paths"]?["/mcp"]?["options"] != nil)
        #expect(document["components"]?["schemas"]?["Extra"] != nil)
        #expect(document["components"]?["schemas"]?["JSONRPCMessage"] != nil)
        for path in ["/mcp", "/sse", "/messages", "/health", "/ready", "/metrics", "/openapi.json"] {
            #expect(document["paths"]?[path] != nil, "missing \(path)")
        }
    }

    @Test func drainingIsOneWay() {
        let lifecycle = ServerLifecycle()
        #expect(!lifecycle.isDraining)
        lifecycle.beginDraining()
        #expect(lifecycle.isDraining)
    }
}
