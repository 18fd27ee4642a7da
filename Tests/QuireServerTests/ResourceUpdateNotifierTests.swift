import Foundation
import MCP
import MCPServer
import QuireStore
import Synchronization
import Testing
@testable import QuireServer

/// Resource update notifications reach each subscriber exactly once per change.
@Suite struct ResourceUpdateNotifierTests {
    /// Counts the updates each session receives, and wakes a waiter when every session has seen
    /// every URI in `awaited`.
    final class Deliveries: Sendable {
        private struct State {
            var counts: [String: [String: Int]] = [:]
            var waiter: CheckedContinuation<Void, Never>?
        }
        private let state = Mutex(State())
        let sessions: Int
        let awaited: [String]

        init(sessions: Int, awaited: [String]) {
            self.sessions = sessions
            self.awaited = awaited
        }

        func record(session: String, uri: String) {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.counts[session, default: [:]][uri, default: 0] += 1
                guard complete(state) else { return nil }
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }

        func waitForAll() async {
            await withCheckedContinuation { continuation in
                let done = state.withLock { state -> Bool in
                    if complete(state) { return true }
                    state.waiter = continuation
                    return false
                }
                if done { continuation.resume() }
            }
        }

        private func complete(_ state: State) -> Bool {
            state.counts.values.filter { counts in awaited.allSatisfy { counts[$0] != nil } }.count == sessions
        }

        func count(_ session: String, _ uri: String) -> Int { state.withLock { $0.counts[session]?[uri] ?? 0 } }
    }

    @Test func subscribersArrivingTogetherGetEachChangeOnce() async throws {
        try await withAnalyticsStore { store, _ in
            let first = try await store.add(Document(title: "first"))
            let second = try await store.add(Document(title: "second"))
            let firstURI = "contextframe://documents/\(first.uuid)"
            let secondURI = "contextframe://documents/\(second.uuid)"
            let notifier = ResourceUpdateNotifier(store: store)
            let count = 40
            let deliveries = Deliveries(sessions: count, awaited: [firstURI, secondURI])
            let sessions = (0..<count).map { index in
                ServerSession(id: "s\(index)", principal: .local) { message in
                    guard case .notification(let notification) = message, let uri = notification.params?["uri"]?.stringValue else { return }
                    deliveries.record(session: "s\(index)", uri: uri)
                }
            }
            // All at once: each subscribe suspends while the first one reads the store version.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for session in sessions {
                    group.addTask {
                        try await notifier.subscribe(firstURI, session: session)
                        try await notifier.subscribe(secondURI, session: session)
                    }
                }
                try await group.waitForAll()
            }
            try await store.update(uuid: first.uuid) { $0.title = "first, changed" }
            try await store.update(uuid: second.uuid) { $0.title = "second, changed" }
            await deliveries.waitForAll()
            for index in 0..<count {
                #expect(deliveries.count("s\(index)", firstURI) == 1)
                #expect(deliveries.count("s\(index)", secondURI) == 1)
            }
            for session in sessions {
                await notifier.unsubscribe(firstURI, session: session)
                await notifier.unsubscribe(secondURI, session: session)
            }
        }
    }
}
