import Testing
@testable import MCPServer

@Suite struct AuditSamplerTests {
    @Test func oneEventPerKeyPerIntervalWithTheDroppedCount() {
        let sampler = AuditSampler(interval: .seconds(10), maxKeys: 2)
        let start = ContinuousClock.now
        #expect(sampler.admit("a", now: start) == 0)
        #expect(sampler.admit("a", now: start + .seconds(1)) == nil)
        #expect(sampler.admit("a", now: start + .seconds(2)) == nil)
        #expect(sampler.admit("b", now: start + .seconds(2)) == 0)
        #expect(sampler.admit("a", now: start + .seconds(11)) == 2)
        // A third key past the bound resets the table instead of growing it.
        #expect(sampler.admit("c", now: start + .seconds(11)) == 0)
        #expect(sampler.admit("a", now: start + .seconds(12)) == 0)
    }
}
