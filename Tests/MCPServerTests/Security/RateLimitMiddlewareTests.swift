import Hummingbird
import MCP
import Testing
@testable import MCPServer

/// The middleware in a real Hummingbird server on loopback, spoken to over a socket.
@Suite struct RateLimitMiddlewareTests {
    /// A router as the server would build it: the stand-in authentication first, then the limit.
    static func router(limiter: RateLimiter, metrics: ServerMetrics) -> Router<MCPRequestContext> {
        let router = Router(context: MCPRequestContext.self)
        router.add(middleware: TestPrincipalMiddleware())
        router.add(middleware: RateLimitMiddleware(limiter: limiter, metrics: metrics))
        router.post("/mcp") { _, _ in HTTPReplies.json(["jsonrpc": "2.0", "id": 1, "result": [:]]) }
        router.post("/messages") { _, _ in Response(status: .accepted) }
        router.post("/mcp/v1/tools/list") { _, _ in HTTPReplies.json(["tools": []]) }
        router.get("/health") { _, _ in HTTPReplies.json(["status": "ok"]) }
        router.get("/ready") { _, _ in HTTPReplies.json(["status": "ready"]) }
        router.get("/metrics") { _, _ in Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.render()))) }
        return router
    }

    static let ping = Array(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#.utf8)

    @Test func overTheLimitAnswers429WithRetryAfterRateLimitHeadersAndAJSONRPCError() async throws {
        let limiter = RateLimiter(configuration: RateLimitConfiguration(requestsPerMinute: 6, burst: 2), clock: ManualClock().clock)
        let metrics = ServerMetrics()
        try await withLoopbackServer(Self.router(limiter: limiter, metrics: metrics)) { port in
            let first = try await LoopbackHTTP.send(port: port, method: "POST", path: "/mcp", body: Self.ping)
            #expect(first.status == 200)
            #expect(first.header("RateLimit-Policy") == #""principal";q=2;w=20"#)
            #expect(first.header("RateLimit") == #""principal";r=1;t=10"#)
            #expect(first.header("Retry-After") == nil)
            #expect(try await LoopbackHTTP.send(port: port, method: "POST", path: "/mcp", body: Self.ping).status == 200)

            let refused = try await LoopbackHTTP.send(port: port, method: "POST", path: "/mcp", body: Self.ping)
            #expect(refused.status == 429)
            #expect(refused.header("Retry-After") == "10")
            #expect(refused.header("RateLimit") == #""principal";r=0;t=20"#)
            #expect(refused.header("Content-Type") == "application/json")
            #expect(refused.json?["error"]?["code"] == -32029)
            #expect(refused.json?["error"]?["data"]?["retryAfterSeconds"] == 10)
            #expect(refused.json?["id"] == .null)

            let legacy = try await LoopbackHTTP.send(port: port, method: "POST", path: "/messages?sessionId=x", body: Self.ping)
            #expect(legacy.status == 429)
            #expect(legacy.json?["error"]?["code"] == -32029)

            let metricsText = try await LoopbackHTTP.send(port: port, path: "/metrics")
            let text = String(decoding: metricsText.body, as: UTF8.self)
            #expect(text.contains(#"quire_rate_limited_requests_total{scope="principal"} 2"#))
            #expect(text.contains(#"quire_rate_limited_requests_total{scope="global"} 0"#))
        }
    }

    @Test func restRoutesGetAProblemDocument() async throws {
        let limiter = RateLimiter(configuration: RateLimitConfiguration(requestsPerMinute: 60, burst: 1), clock: ManualClock().clock)
        try await withLoopbackServer(Self.router(limiter: limiter, metrics: ServerMetrics())) { port in
            #expect(try await LoopbackHTTP.send(port: port, method: "POST", path: "/mcp/v1/tools/list").status == 200)
            let refused = try await LoopbackHTTP.send(port: port, method: "POST", path: "/mcp/v1/tools/list")
            #expect(refused.status == 429)
            #expect(refused.header("Content-Type") == "application/problem+json")
            #expect(refused.header("Retry-After") == "1")
            #expect(refused.json?["status"] == 429)
            #expect(refused.json?["title"] == "Too Many Requests")
            #expect(refused.json?["error"]?["code"] == -32029)
            #expect(refused.json?["error"]?["data"]?["retryAfterSeconds"] == 1)
        }
    }

    @Test func healthReadyAndMetricsAreNeverLimited() async throws {
        let limiter = RateLimiter(configuration: RateLimitConfiguration(requestsPerMinute: 1, burst: 1, globalRequestsPerMinute: 1, globalBurst: 1), clock: ManualClock().clock)
        try await withLoopbackServer(Self.router(limiter: limiter, metrics: ServerMetrics())) { port in
            #expect(try await LoopbackHTTP.send(port: port, method: "POST", path: "/mcp", body: Self.ping).status == 200)
            for _ in 0..<20 { #expect(try await LoopbackHTTP.send(port: port, method: "POST", path: "/mcp", body: Self.ping).status == 429) }
            for path in ["/health", "/ready", "/metrics"] {
                let answer = try await LoopbackHTTP.send(port: port, path: path)
                #expect(answer.status == 200, "\(path)")
                #expect(answer.header("RateLimit") == nil, "\(path)")
            }
        }
    }

    @Test func eachPrincipalHasItsOwnBucketUnderTheGlobalOne() async throws {
        let limiter = RateLimiter(
            configuration: RateLimitConfiguration(requestsPerMinute: 60, burst: 1, globalRequestsPerMinute: 60, globalBurst: 2),
            clock: ManualClock().clock
        )
        let metrics = ServerMetrics()
        try await withLoopbackServer(Self.router(limiter: limiter, metrics: metrics)) { port in
            func post(as principal: String) async throws -> RawHTTPResponse {
                try await LoopbackHTTP.send(port: port, method: "POST", path: "/mcp", headers: [("X-Test-Principal", principal)], body: Self.ping)
            }
            let alice = try await post(as: "alice")
            #expect(alice.status == 200)
            #expect(alice.header("RateLimit") == #""principal";r=0;t=1, "global";r=1;t=1"#)
            #expect(try await post(as: "alice").status == 429)
            #expect(try await post(as: "bob").status == 200)
            let carol = try await post(as: "carol")
            #expect(carol.status == 429)
            #expect(carol.header("RateLimit")?.contains(#""global";r=0"#) == true)
            let text = String(decoding: metrics.render(), as: UTF8.self)
            #expect(text.contains(#"quire_rate_limited_requests_total{scope="principal"} 1"#))
            #expect(text.contains(#"quire_rate_limited_requests_total{scope="global"} 1"#))
        }
    }

    /// Many callers at once from several threads: exactly the burst gets through (the clock is
    /// frozen, so no token refills), everything else is a 429, and `/health` answers throughout.
    @Test func aFloodLetsExactlyTheBurstThroughAndHealthStillAnswers() async throws {
        let burst = 25
        let limiter = RateLimiter(configuration: RateLimitConfiguration(requestsPerMinute: 60, burst: burst), clock: ManualClock().clock)
        let metrics = ServerMetrics()
        try await withLoopbackServer(Self.router(limiter: limiter, metrics: metrics)) { port in
            let workers = 8, perWorker = 60
            let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<workers {
                    group.addTask {
                        var seen: [Int] = []
                        for _ in 0..<perWorker { seen.append(try await LoopbackHTTP.send(port: port, method: "POST", path: "/mcp", body: Self.ping).status) }
                        return seen
                    }
                }
                group.addTask {
                    // Health checks interleaved with the flood.
                    var seen: [Int] = []
                    for _ in 0..<10 { seen.append(try await LoopbackHTTP.send(port: port, path: "/health").status == 200 ? 1 : -1) }
                    return seen
                }
                var all: [Int] = []
                for try await part in group { all += part }
                return all
            }
            #expect(statuses.filter { $0 == 200 }.count == burst)
            #expect(statuses.filter { $0 == 429 }.count == workers * perWorker - burst)
            #expect(statuses.filter { $0 == 1 }.count == 10, "every health check answered 200")
            let text = String(decoding: metrics.render(), as: UTF8.self)
            #expect(text.contains(#"quire_rate_limited_requests_total{scope="principal"} \#(workers * perWorker - burst)"#))
        }
    }
}
