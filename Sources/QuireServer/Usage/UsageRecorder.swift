import Foundation
import Logging
import MCPServer
import QuireStore

/// Feeds the store's usage log: tool calls from the dispatcher, search details from the search
/// tools and token counts from language-model calls.
///
/// Records are buffered and written in batches of ``Configuration/flushThreshold`` in one
/// transaction each, off the request's path; readers call ``flush()`` first so analytics see
/// every finished call. There is no timer: a batch is written when it is full, when someone
/// reads, and at shutdown (``flush()``). The trade-off: if the process dies abruptly, up to
/// `flushThreshold - 1` buffered records (plus a batch being written) are lost. That is
/// acceptable for usage statistics and keeps a tool call to an in-memory append.
public actor UsageRecorder: DispatchObserver, SearchObserver {
    /// How records are buffered and kept.
    public struct Configuration: Sendable, Equatable {
        /// How much history the store keeps.
        public var retention: UsageRetention
        /// Records collected before a batch is written.
        public var flushThreshold: Int
        /// Records allowed to wait for a slow or failing store before new ones are dropped.
        public var maximumPending: Int

        /// Creates a configuration; values below 1 are raised to 1.
        public init(retention: UsageRetention = UsageRetention(), flushThreshold: Int = 32, maximumPending: Int = 10_000) {
            self.retention = retention
            self.flushThreshold = max(1, flushThreshold)
            self.maximumPending = max(1, maximumPending)
        }
    }

    /// What the recorder has done since it started, for `get_monitoring_status`.
    public struct Status: Sendable, Equatable {
        /// Records waiting in memory or being written.
        public var pending: Int
        /// Records written to the store.
        public var written: Int
        /// Records dropped because too many were pending or a write failed.
        public var dropped: Int
        /// Batches whose write failed.
        public var failedWrites: Int
        /// The last write error, if any.
        public var lastError: String?
    }

    /// The recorder's settings.
    public nonisolated let configuration: Configuration
    private let store: DocumentStore
    private let logger = Logger(label: "quire.usage")
    private var buffer: [UsageRecord] = []
    private var writing = 0
    private var lastWrite: Task<Void, Never>?
    private var status = Status(pending: 0, written: 0, dropped: 0, failedWrites: 0, lastError: nil)

    /// Creates a recorder writing to `store`.
    public init(store: DocumentStore, configuration: Configuration = Configuration()) {
        self.store = store
        self.configuration = configuration
    }

    // MARK: - Recording

    /// Records one finished tool call (the dispatcher calls this).
    public func toolCallFinished(_ record: ToolCallRecord) async {
        let outcome: UsageRecord.Outcome = record.cancelled ? .cancelled : (record.isError ? .error : .ok)
        append(UsageRecord(
            kind: .toolCall, tool: record.tool, principal: record.principal,
            startedAt: Self.wallClock(record.startedAt), durationMilliseconds: Self.milliseconds(record.duration),
            outcome: outcome, errorCode: record.errorCode
        ))
    }

    /// Records a search's type, filter shape (never its values) and result count.
    func searchFinished(_ search: SearchObservation) async {
        append(UsageRecord(
            kind: .search, tool: search.tool, principal: search.principal,
            startedAt: Self.wallClock(search.startedAt), durationMilliseconds: Self.milliseconds(search.duration),
            searchType: search.searchType, filterShape: search.filter?.shape ?? [], resultCount: search.resultCount
        ))
    }

    /// Records one language-model exchange with the token counts its endpoint reported.
    ///
    /// - Parameters:
    ///   - tool: The tool that asked the model.
    ///   - principal: Who called the tool.
    ///   - provider: The model or endpoint that answered (used to look up prices).
    ///   - promptTokens: Prompt tokens as reported; `nil` when the endpoint did not say.
    ///   - completionTokens: Completion tokens as reported; `nil` when the endpoint did not say.
    ///   - startedAt: When the exchange started.
    ///   - duration: How long it took.
    ///   - failed: Whether the exchange failed.
    public func languageModelUsed(
        tool: String, principal: String, provider: String, promptTokens: Int?, completionTokens: Int?,
        startedAt: ContinuousClock.Instant, duration: Duration, failed: Bool = false
    ) {
        append(UsageRecord(
            kind: .languageModel, tool: tool, principal: principal,
            startedAt: Self.wallClock(startedAt), durationMilliseconds: Self.milliseconds(duration),
            outcome: failed ? .error : .ok, provider: provider, promptTokens: promptTokens, completionTokens: completionTokens
        ))
    }

    // MARK: - Writing

    /// Writes every buffered record and waits for all writes so far to finish.
    public func flush() async {
        if !buffer.isEmpty { startWrite() }
        await lastWrite?.value
    }

    /// The recorder's counters.
    public func currentStatus() -> Status {
        var current = status
        current.pending = buffer.count + writing
        return current
    }

    private func append(_ record: UsageRecord) {
        // Bounded: a store that cannot keep up loses records rather than growing memory.
        guard buffer.count + writing < configuration.maximumPending else {
            status.dropped += 1
            return
        }
        buffer.append(record)
        if buffer.count >= configuration.flushThreshold { startWrite() }
    }

    private func startWrite() {
        let batch = buffer
        buffer.removeAll(keepingCapacity: true)
        writing += batch.count
        let previous = lastWrite
        let store = self.store
        let retention = configuration.retention
        // Chained so batches land in order and flush() can wait for the latest one.
        lastWrite = Task {
            await previous?.value
            var failure: String?
            do {
                try await store.appendUsage(batch, retention: retention)
            } catch {
                failure = String(describing: error)
            }
            self.finishWrite(count: batch.count, failure: failure)
        }
    }

    private func finishWrite(count: Int, failure: String?) {
        writing -= count
        if let failure {
            status.failedWrites += 1
            status.dropped += count
            status.lastError = failure
            logger.warning("usage log write failed, \(count) records dropped: \(failure)")
        } else {
            status.written += count
        }
    }

    // MARK: - Clocks

    /// The wall-clock time of a monotonic instant taken a moment ago.
    static func wallClock(_ instant: ContinuousClock.Instant) -> Date {
        Date().addingTimeInterval(-milliseconds(ContinuousClock.now - instant) / 1000)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

extension DocumentServer {
    /// Finishes background work of a server built by ``definition(store:options:)``: writes the
    /// usage records still buffered. Call it once the transports have stopped.
    public static func finish(_ definition: ServerDefinition) async {
        await (definition.observer as? UsageRecorder)?.flush()
    }
}
