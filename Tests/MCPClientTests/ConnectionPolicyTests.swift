import Foundation
import MCP
import Testing
@testable import MCPClient

/// The policies around a connection that the interop tests cannot pin down exactly: reconnection
/// backoff, `Retry-After`, the one-line reasons for connection failures, and tool-cache freshness.
@Suite struct ConnectionPolicyTests {
    @Test func reconnectionWaitsRetryThenBacksOffAndGivesUp() {
        var backoff = ReconnectBackoff()
        #expect(backoff.nextDelay(retryMilliseconds: 500) == 0.5)
        #expect(backoff.nextDelay(retryMilliseconds: 500) == 0.75)
        #expect(backoff.nextDelay(retryMilliseconds: 500) == 1.125)
        #expect(backoff.nextDelay(retryMilliseconds: 500) == nil)  // three attempts at most
        backoff.reset()
        #expect(backoff.nextDelay(retryMilliseconds: nil) == 1.0)  // 1000 ms without a server `retry`
        var slow = ReconnectBackoff()
        #expect(slow.nextDelay(retryMilliseconds: 60_000) == 30)  // capped at 30 s
    }

    @Test func retryAfterSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryAfter.seconds("3", now: now) == 3)
        #expect(RetryAfter.seconds(" 0 ", now: now) == 0)
        #expect(RetryAfter.seconds("-1", now: now) == nil)
        #expect(RetryAfter.seconds("soon", now: now) == nil)
        #expect(RetryAfter.seconds(nil, now: now) == nil)
        // 1_700_000_000 is Tue, 14 Nov 2023 22:13:20 GMT.
        #expect(RetryAfter.seconds("Tue, 14 Nov 2023 22:13:50 GMT", now: now) == 30)
        #expect(RetryAfter.seconds("Tue, 14 Nov 2023 22:00:00 GMT", now: now) == 0)
        // A wait must end before the inactivity timeout would (it shows no progress) and the hard cap.
        #expect(RetryAfter.fits(1, timeout: 60, maxTimeout: 600))
        #expect(!RetryAfter.fits(60, timeout: 60, maxTimeout: 600))
        #expect(!RetryAfter.fits(30, timeout: 60, maxTimeout: 20))
    }

    @Test func connectionFailuresHaveOneLineReasons() {
        // Described as NIO and AsyncHTTPClient describe them (their types carry no stable codes).
        struct Described: Error, CustomStringConvertible { var description: String }
        let refused = HTTPErrorMapping.classify(Described(description: "NIOConnectionError(host: 127.0.0.1, connectionErrors: [connect(descriptor:addr:size:): Connection refused (errno: 111)])"))
        #expect(refused.reason == "connection refused" && refused.hint == "Is the server running?")
        let untrusted = HTTPErrorMapping.classify(Described(description: "handshakeFailed(NIOSSL.BoringSSLError.sslError([Error: 268435581 error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED]))"))
        #expect(untrusted.reason.hasPrefix("TLS failure: the server's certificate is not trusted"))
        #expect(HTTPErrorMapping.classify(Described(description: "handshakeFailed(sslError([]))")).reason == "TLS handshake failed")
        let dns = HTTPErrorMapping.classify(Described(description: "NIOConnectionError(dnsAError: resolution failed)"), host: "nowhere.invalid")
        #expect(dns.reason == "the host name 'nowhere.invalid' could not be resolved (DNS)" && dns.hint == "Check the host in the URL.")
        #expect(HTTPErrorMapping.classify(Described(description: "connectTimeout")).reason == "the connection timed out")
        let failure = HTTPErrorMapping.connectFailure(Described(description: "connection refused"), server: "docs", url: "http://u:p4ss@127.0.0.1:9/mcp")
        #expect(failure.message == "Could not connect to 'docs' at http://u:****@127.0.0.1:9/mcp: connection refused. Is the server running?")
        #expect(failure.exitCode == 3)
    }

    @Test func insufficientScopeNamesTheScope() {
        let refusal = HTTPStatusError(status: 403, body: [], contentType: nil,
                                      wwwAuthenticate: #"Bearer error="insufficient_scope", scope="quire:write""#, retryAfter: nil)
        #expect(HTTPErrorMapping.statusFailure(refusal, server: "docs", url: "http://h/mcp", oauth: false).message
                == "Access forbidden (403) for 'docs': its credentials lack the scope 'quire:write'")
        #expect(HTTPErrorMapping.statusFailure(refusal, server: "docs", url: "http://h/mcp", oauth: true).message.hasSuffix("(after 2 step-up attempts)"))
        let limited = HTTPStatusError(status: 429, body: [], contentType: nil, wwwAuthenticate: nil, retryAfter: "120")
        #expect(HTTPErrorMapping.statusFailure(limited, server: "docs", url: "http://h/mcp", oauth: false).message == "Rate limited (429) by 'docs'; retry in 120 s")
    }

    @Test func toolCacheFreshness() {
        let synced = Date(timeIntervalSince1970: 1_700_000_000)
        let stamp = ISO8601DateFormatter().string(from: synced)
        var cached = CachedServer(tools: [], syncedAt: stamp, entryHash: "abc")
        #expect(cached.isFresh(entryHash: "abc", now: synced.addingTimeInterval(86_400)))
        #expect(!cached.isFresh(entryHash: "def", now: synced))
        cached.ttlMs = 5_000
        #expect(cached.isFresh(entryHash: "abc", now: synced.addingTimeInterval(4)))
        #expect(!cached.isFresh(entryHash: "abc", now: synced.addingTimeInterval(6)))
        cached.ttlMs = nil
        cached.listChanged = true
        #expect(!cached.isFresh(entryHash: "abc", now: synced))
        // The flag survives the round trip through the cache file's JSON.
        #expect(CachedServer(json: cached.json).listChanged)
    }

    @Test func onceContinuationCancelledWaiterStopsWaiting() async throws {
        let once = OnceContinuation<Int>()
        let waiter = Task { try await once.value() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        // A value delivered after a cancelled wait is harmless, and is there for a later waiter.
        once.resume(.success(7))
        #expect(try await once.value() == 7)
    }
}
