import HTTPTypes
import MCP
import Testing
@testable import MCPServer

/// Token-bucket arithmetic with a clock moved by hand, so every number is exact.
@Suite struct RateLimiterTests {
    @Test func aBurstIsAllowedThenRefusedUntilATokenRefills() {
        let time = ManualClock()
        let limiter = RateLimiter(configuration: RateLimitConfiguration(requestsPerMinute: 60, burst: 3), clock: time.clock)
        let allowed = (0..<3).map { _ in limiter.acquire(key: "a") }
        #expect(allowed.allSatisfy { $0.isAllowed })
        #expect(allowed.map(\.remaining) == [2, 1, 0])
        #expect(allowed.last?.resetSeconds == 3)
        let refused = limiter.acquire(key: "a")
        #expect(!refused.isAllowed)
        #expect(refused.refusedBy == .principal)
        #expect(refused.retryAfterSeconds == 1)
        time.advance(.milliseconds(999))
        #expect(!limiter.acquire(key: "a").isAllowed)
        time.advance(.milliseconds(1))
        let again = limiter.acquire(key: "a")
        #expect(again.isAllowed)
        #expect(again.remaining == 0)
    }

    @Test func retryAfterCountsDownAtSlowRates() {
        let time = ManualClock()
        let limiter = RateLimiter(configuration: RateLimitConfiguration(requestsPerMinute: 1, burst: 1), clock: time.clock)
        #expect(limiter.acquire(key: "a").isAllowed)
        #expect(limiter.acquire(key: "a").retryAfterSeconds == 60)
        time.advance(.seconds(30))
        #expect(limiter.acquire(key: "a").retryAfterSeconds == 30)
        time.advance(.seconds(30))
        #expect(limiter.acquire(key: "a").isAllowed)
    }

    @Test func burstDefaultsToATenthOfTheRateAtLeastTenAndZeroIsOff() {
        #expect(RateLimitConfiguration(requestsPerMinute: 30).perPrincipal?.burst == 10)
        #expect(RateLimitConfiguration(requestsPerMinute: 600, burst: 0).perPrincipal?.burst == 60)
        #expect(RateLimitConfiguration(globalRequestsPerMinute: 6_000).global?.burst == 600)
        #expect(RateLimitConfiguration(requestsPerMinute: 30, burst: 3).perPrincipal?.burst == 3)
        #expect(RateLimitConfiguration(requestsPerMinute: 0, burst: 10).perPrincipal == nil)
        #expect(RateLimitConfiguration(maxStreamsPerPrincipal: 0).maxStreamsPerPrincipal == nil)
        let off = RateLimiter(configuration: .off)
        let decision = off.acquire(key: "a")
        #expect(decision == .unlimited)
        #expect(decision.remaining == nil)
        #expect(RateLimitHeaders.fields(for: decision).isEmpty)
    }

    @Test func principalsHaveTheirOwnBucketsAndAnonymousCallersAreKeyedByAddress() {
        let limiter = RateLimiter(configuration: RateLimitConfiguration(requestsPerMinute: 60, burst: 1), clock: ManualClock().clock)
        #expect(limiter.acquire(principal: Principal(id: "alice"), clientAddress: "10.0.0.1").isAllowed)
        // Same principal from elsewhere: same bucket.
        #expect(!limiter.acquire(principal: Principal(id: "alice"), clientAddress: "10.0.0.2").isAllowed)
        #expect(limiter.acquire(principal: Principal(id: "bob"), clientAddress: "10.0.0.1").isAllowed)
        #expect(limiter.acquire(principal: .anonymous, clientAddress: "10.0.0.1").isAllowed)
        #expect(!limiter.acquire(principal: .anonymous, clientAddress: "10.0.0.1").isAllowed)
        #expect(limiter.acquire(principal: .anonymous, clientAddress: "10.0.0.2").isAllowed)
        // A principal literally named like an address key cannot borrow that address's bucket.
        #expect(RateLimiter.key(for: Principal(id: "address:10.0.0.3"), clientAddress: nil) != RateLimiter.key(for: .anonymous, clientAddress: "10.0.0.3"))
    }

    @Test func theGlobalBucketIsSharedAndRefusalsTakeNoTokens() {
        let time = ManualClock()
        let limiter = RateLimiter(
            configuration: RateLimitConfiguration(requestsPerMinute: 60, burst: 2, globalRequestsPerMinute: 60, globalBurst: 3), clock: time.clock
        )
        #expect(limiter.acquire(key: "a").isAllowed)
        #expect(limiter.acquire(key: "a").isAllowed)
        let ownRefusal = limiter.acquire(key: "a")
        #expect(ownRefusal.refusedBy == .principal)
        // a's refusal left the global bucket's last token for b.
        let lastGlobal = limiter.acquire(key: "b")
        #expect(lastGlobal.isAllowed)
        #expect(lastGlobal.buckets.map(\.scope) == [.principal, .global])
        #expect(lastGlobal.buckets.map(\.remaining) == [1, 0])
        let globalRefusal = limiter.acquire(key: "b")
        #expect(globalRefusal.refusedBy == .global)
        #expect(globalRefusal.retryAfterSeconds == 1)
        // b was refused by the global bucket, so its own last token is still there: a second's
        // refill tops it up to 2 and this request leaves 1 (had the refusal taken it, 0).
        time.advance(.seconds(1))
        let afterRefill = limiter.acquire(key: "b")
        #expect(afterRefill.isAllowed)
        #expect(afterRefill.buckets.first?.remaining == 1)
    }

    @Test func trackedKeysStayUnderTheCapDuringAFloodOfNewCallers() {
        let time = ManualClock()
        let limiter = RateLimiter(
            configuration: RateLimitConfiguration(requestsPerMinute: 1, burst: 1, maxTrackedKeys: 100), clock: time.clock
        )
        for caller in 0..<5_000 {
            time.advance(.milliseconds(1))
            #expect(limiter.acquire(key: "caller-\(caller)").isAllowed)
            #expect(limiter.trackedKeys <= 100)
        }
    }

    @Test func evictionDropsTheLeastRecentlyUsedNotAnActiveCaller() {
        let time = ManualClock()
        let limiter = RateLimiter(
            configuration: RateLimitConfiguration(requestsPerMinute: 1, burst: 1, maxTrackedKeys: 50), clock: time.clock
        )
        #expect(limiter.acquire(key: "hot").isAllowed)
        for caller in 0..<1_000 {
            time.advance(.milliseconds(1))
            _ = limiter.acquire(key: "churn-\(caller)")
            // Were "hot" evicted it would come back with a full bucket and be allowed.
            if caller % 10 == 0 { #expect(!limiter.acquire(key: "hot").isAllowed) }
        }
    }

    @Test func refilledBucketsAreForgotten() {
        let time = ManualClock()
        let limiter = RateLimiter(configuration: RateLimitConfiguration(requestsPerMinute: 60, burst: 5), clock: time.clock)
        for caller in 0..<20 { _ = limiter.acquire(key: "c\(caller)") }
        #expect(limiter.trackedKeys == 20)
        // Past the sweep interval every bucket has refilled; the next newcomer triggers a sweep.
        time.advance(.seconds(61))
        _ = limiter.acquire(key: "newcomer")
        #expect(limiter.trackedKeys == 1)
    }

    @Test func headersFollowTheIETFDraft() {
        let limiter = RateLimiter(
            configuration: RateLimitConfiguration(requestsPerMinute: 60, burst: 10, globalRequestsPerMinute: 600, globalBurst: 100),
            clock: ManualClock().clock
        )
        let allowed = RateLimitHeaders.fields(for: limiter.acquire(key: "a"))
        #expect(allowed[RateLimitHeaders.policy] == #""principal";q=10;w=10, "global";q=100;w=10"#)
        #expect(allowed[RateLimitHeaders.state] == #""principal";r=9;t=1, "global";r=99;t=1"#)
        #expect(allowed[.retryAfter] == nil)
        for _ in 0..<9 { _ = limiter.acquire(key: "a") }
        let refused = RateLimitHeaders.fields(for: limiter.acquire(key: "a"))
        #expect(refused[.retryAfter] == "1")
        #expect(refused[RateLimitHeaders.state] == #""principal";r=0;t=10, "global";r=90;t=1"#)
    }
}
