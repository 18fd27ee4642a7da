import Hummingbird
import HTTPTypes
import MCP
import Testing
@testable import MCPServer

@Suite struct StreamQuotaTests {
    @Test func aPrincipalMayHoldUpToItsQuotaAndAReleaseFreesASlot() throws {
        let quota = StreamQuota(maxStreamsPerPrincipal: 2)
        let alice = Principal(id: "alice")
        let first = try quota.acquire(principal: alice, clientAddress: nil)
        let second = try quota.acquire(principal: alice, clientAddress: nil)
        #expect(throws: StreamQuotaExceeded.self) { try quota.acquire(principal: alice, clientAddress: nil) }
        // Someone else is not affected.
        let bob = try quota.acquire(principal: Principal(id: "bob"), clientAddress: nil)
        first.release()
        first.release()  // idempotent: must not free a second slot
        #expect(quota.openStreams(key: "principal:alice") == 1)
        let third = try quota.acquire(principal: alice, clientAddress: nil)
        #expect(throws: StreamQuotaExceeded.self) { try quota.acquire(principal: alice, clientAddress: nil) }
        for lease in [second, third, bob] { lease.release() }
        #expect(quota.openStreams(key: "principal:alice") == 0)
    }

    @Test func aDroppedLeaseReleasesItsSlot() throws {
        let quota = StreamQuota(maxStreamsPerPrincipal: 1)
        do {
            _ = try quota.acquire(key: "k")
            #expect(quota.openStreams(key: "k") == 0)
        }
        var lease: StreamLease? = try quota.acquire(key: "k")
        #expect(quota.openStreams(key: "k") == 1)
        lease = nil
        #expect(lease == nil)
        #expect(quota.openStreams(key: "k") == 0)
    }

    @Test func anonymousCallersAreCountedPerAddressAndNoCapMeansNone() throws {
        let quota = StreamQuota(configuration: RateLimitConfiguration(maxStreamsPerPrincipal: 1))
        let here = try quota.acquire(principal: .anonymous, clientAddress: "10.0.0.1")
        let there = try quota.acquire(principal: .anonymous, clientAddress: "10.0.0.2")
        #expect(throws: StreamQuotaExceeded.self) { try quota.acquire(principal: .anonymous, clientAddress: "10.0.0.1") }
        here.release()
        there.release()
        let unlimited = StreamQuota(maxStreamsPerPrincipal: 0)
        let leases = try (0..<100).map { _ in try unlimited.acquire(key: "k") }
        #expect(unlimited.openStreams(key: "k") == 100)
        leases.forEach { $0.release() }
    }

    @Test func theRefusalIsA429ShapedForThePath() throws {
        let refusal = StreamQuotaExceeded(limit: 3)
        let rpc = refusal.response(path: "/sse")
        #expect(rpc.status == .tooManyRequests)
        #expect(rpc.headers[.retryAfter] == "5")
        #expect(rpc.headers[.contentType] == "application/json")
        let rest = refusal.response(path: "/mcp/v1/sse/subscribe")
        #expect(rest.status == .tooManyRequests)
        #expect(rest.headers[.contentType] == "application/problem+json")
        #expect(refusal.message.contains("at most 3"))
    }
}
