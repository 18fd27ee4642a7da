import Foundation
import MCP
import Synchronization
import Testing
@testable import MCPServer

@Suite struct OperationRegistryTests {
    private func limits(maxOperations: Int = 10, maxEvents: Int = 100, retention: Duration = .seconds(300)) -> OperationLimits {
        var limits = OperationLimits()
        limits.maxOperations = maxOperations
        limits.maxEventsPerOperation = maxEvents
        limits.retention = retention
        return limits
    }

    @Test func eventsReplayFromTheStartAndAfterACursor() async throws {
        let registry = InMemoryOperationRegistry(limits: limits())
        #expect(await registry.start(id: "a", owner: "alice", tool: "t", cancel: {}) == .started)
        await registry.record(id: "a", event: .progress, data: ["progress": 1])
        await registry.record(id: "a", event: .log, data: ["level": "notice"])
        await registry.record(id: "a", event: .progress, data: ["progress": 2])
        await registry.finish(id: "a", status: .completed, result: ["ok": true], error: nil)
        await registry.record(id: "a", event: .progress, data: ["progress": 3])  // after the end: ignored

        let all = try #require(await registry.events(id: "a", owner: "alice", after: 0, wait: .zero))
        #expect(all.finished)
        #expect(all.events.map(\.seq) == [1, 2, 3, 4])
        #expect(all.events.map(\.kind) == [.progress, .log, .progress, .complete])
        #expect(all.events.last?.data == ["ok": true])
        let tail = try #require(await registry.events(id: "a", owner: "alice", after: 2, wait: .seconds(60)))
        #expect(tail.events.map(\.seq) == [3, 4])

        let snapshot = try #require(await registry.snapshot(id: "a", owner: "alice"))
        #expect(snapshot.status == .completed && snapshot.progress == ["progress": 2] && snapshot.result == ["ok": true])
        #expect(snapshot.finishedAt != nil && snapshot.json["status"] == "completed")
    }

    @Test func anotherOwnerSeesNothing() async {
        let registry = InMemoryOperationRegistry(limits: limits())
        let cancels = Mutex(0)
        _ = await registry.start(id: "a", owner: "alice", tool: "t", cancel: { cancels.withLock { $0 += 1 } })
        #expect(await registry.snapshot(id: "a", owner: "mallory") == nil)
        #expect(await registry.events(id: "a", owner: "mallory", after: 0, wait: .zero) == nil)
        #expect(await registry.cancel(id: "a", owner: "mallory") == nil)
        #expect(cancels.withLock { $0 } == 0)
        #expect(await registry.start(id: "a", owner: "mallory", tool: "t", cancel: {}) == .duplicate)
    }

    @Test func cancelCallsTheCancellerOnceAndOnlyWhileRunning() async throws {
        let registry = InMemoryOperationRegistry(limits: limits())
        let cancels = Mutex(0)
        _ = await registry.start(id: "a", owner: "o", tool: "t", cancel: { cancels.withLock { $0 += 1 } })
        let first = try #require(await registry.cancel(id: "a", owner: "o"))
        #expect(first.cancelRequested && first.status == .running)
        _ = await registry.cancel(id: "a", owner: "o")
        #expect(cancels.withLock { $0 } == 1)
        await registry.finish(id: "a", status: .cancelled, result: nil, error: ["error": ["code": -32800]])
        let after = try #require(await registry.cancel(id: "a", owner: "o"))
        #expect(after.status == .cancelled && cancels.withLock { $0 } == 1)
        let page = try #require(await registry.events(id: "a", owner: "o", after: 0, wait: .zero))
        #expect(page.events.map(\.kind) == [.error])
    }

    @Test func capacityEvictsTheOldestFinishedAndRefusesWhenAllRun() async {
        let registry = InMemoryOperationRegistry(limits: limits(maxOperations: 2))
        _ = await registry.start(id: "old", owner: "o", tool: "t", cancel: {})
        _ = await registry.start(id: "running", owner: "o", tool: "t", cancel: {})
        await registry.finish(id: "old", status: .completed, result: nil, error: nil)
        #expect(await registry.start(id: "new", owner: "o", tool: "t", cancel: {}) == .started)
        #expect(await registry.snapshot(id: "old", owner: "o") == nil)
        #expect(await registry.count == 2)
        #expect(await registry.start(id: "more", owner: "o", tool: "t", cancel: {}) == .full)
    }

    @Test func finishedOperationsExpireAfterTheRetention() async {
        let registry = InMemoryOperationRegistry(limits: limits(retention: .zero))
        _ = await registry.start(id: "a", owner: "o", tool: "t", cancel: {})
        _ = await registry.start(id: "b", owner: "o", tool: "t", cancel: {})
        await registry.finish(id: "a", status: .failed, result: nil, error: nil)
        #expect(await registry.snapshot(id: "a", owner: "o") == nil)
        #expect(await registry.snapshot(id: "b", owner: "o") != nil, "running operations never expire")
    }

    @Test func eventsBeyondTheLimitDropTheOldestProgressButKeepTheResult() async throws {
        let registry = InMemoryOperationRegistry(limits: limits(maxEvents: 3))
        _ = await registry.start(id: "a", owner: "o", tool: "t", cancel: {})
        for step in 1...5 { await registry.record(id: "a", event: .progress, data: ["progress": .int(step)]) }
        await registry.finish(id: "a", status: .completed, result: "done", error: nil)
        let page = try #require(await registry.events(id: "a", owner: "o", after: 0, wait: .zero))
        #expect(page.events.map(\.seq) == [4, 5, 6])
        #expect(page.events.last?.kind == .complete)
    }

    @Test func aWaitingReaderWakesOnTheNextEvent() async throws {
        let registry = InMemoryOperationRegistry(limits: limits())
        _ = await registry.start(id: "a", owner: "o", tool: "t", cancel: {})
        let reader = Task { await registry.events(id: "a", owner: "o", after: 0, wait: .seconds(120)) }
        while await registry.waitingReaders(of: "a") == 0 { await Task.yield() }
        await registry.record(id: "a", event: .progress, data: ["progress": 1])
        let started = ContinuousClock.now
        let page = try #require(await reader.value)
        #expect(page.events.map(\.seq) == [1] && !page.finished)
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func aWaitEndsAtItsLimitOrWhenTheReaderIsCancelled() async throws {
        let registry = InMemoryOperationRegistry(limits: limits())
        _ = await registry.start(id: "a", owner: "o", tool: "t", cancel: {})
        let quiet = try #require(await registry.events(id: "a", owner: "o", after: 0, wait: .milliseconds(20)))
        #expect(quiet.events.isEmpty && !quiet.finished)
        let reader = Task { await registry.events(id: "a", owner: "o", after: 0, wait: .seconds(120)) }
        while await registry.waitingReaders(of: "a") == 0 { await Task.yield() }
        let started = ContinuousClock.now
        reader.cancel()
        let page = try #require(await reader.value)
        #expect(page.events.isEmpty)
        #expect(ContinuousClock.now - started < .seconds(60))
        #expect(await registry.waitingReaders(of: "a") == 0)
    }
}
