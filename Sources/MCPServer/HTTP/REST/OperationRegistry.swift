import Foundation
import MCP

/// Remembers the tool calls the REST routes run as operations: their status, their progress
/// and log events (replayable from the start), and how to cancel them.
///
/// The in-process ``InMemoryOperationRegistry`` serves one server; a shared implementation
/// (PostgreSQL) can take its place when several instances serve the same clients. Every read is
/// scoped to the operation's owner: another principal's operation looks missing.
public protocol OperationRegistry: Sendable {
    /// Registers a running operation. `cancel` stops the work; it is called at most once.
    func start(id: String, owner: String, tool: String, cancel: @escaping @Sendable () -> Void) async -> OperationStart
    /// Appends a `progress` or `log` event to a running operation.
    func record(id: String, event: OperationEvent.Kind, data: JSONValue) async
    /// Marks the operation finished and appends its final event (`complete` or `error`).
    func finish(id: String, status: OperationStatus, result: JSONValue?, error: JSONValue?) async
    /// The operation's state now, if it exists and belongs to `owner`.
    func snapshot(id: String, owner: String) async -> OperationSnapshot?
    /// Asks a running operation to stop; returns its state (unchanged when it had finished).
    func cancel(id: String, owner: String) async -> OperationSnapshot?
    /// The events after `after` (a sequence number; 0 for all that are kept). When there are none
    /// yet and the operation is running, waits up to `wait` for one. `nil` when the operation does
    /// not exist (any more) or is not `owner`'s.
    func events(id: String, owner: String, after: Int, wait: Duration) async -> OperationEventPage?
}

/// Whether ``OperationRegistry/start(id:owner:tool:cancel:)`` took the operation.
public enum OperationStart: Sendable, Equatable {
    /// Registered and running.
    case started
    /// An operation with this id is still remembered.
    case duplicate
    /// Every slot holds a running operation.
    case full
}

/// Where an operation stands.
public enum OperationStatus: String, Sendable {
    /// The tool is still working.
    case running
    /// The tool answered with a result.
    case completed
    /// The tool answered with an error, or the call was refused.
    case failed
    /// Stopped at the caller's request (or by shutdown) before it answered.
    case cancelled

    /// Whether the operation has ended (no more events will come).
    public var isFinished: Bool { self != .running }
}

/// One event of an operation, as the progress stream sends it.
public struct OperationEvent: Sendable, Equatable {
    /// What an event reports; also its SSE `event` name.
    public enum Kind: String, Sendable {
        /// `{progress, total?, message?}`.
        case progress
        /// A log message the tool sent: `{level, logger?, data}`.
        case log
        /// The final result.
        case complete
        /// The final error: a problem document.
        case error
    }

    /// Position in the operation's events, from 1; the SSE `id`.
    public var seq: Int
    /// What the event reports.
    public var kind: Kind
    /// The event's JSON payload.
    public var data: JSONValue

    /// An event at position `seq`.
    public init(seq: Int, kind: Kind, data: JSONValue) {
        self.seq = seq
        self.kind = kind
        self.data = data
    }
}

/// A page of events and whether the operation has finished (no more will come).
public struct OperationEventPage: Sendable {
    /// The events, oldest first.
    public var events: [OperationEvent]
    /// Whether the operation has ended, so `events` holds the last of them.
    public var finished: Bool

    /// A page of `events`.
    public init(events: [OperationEvent], finished: Bool) {
        self.events = events
        self.finished = finished
    }
}

/// An operation's state, as `GET /mcp/v1/operations/{id}` reports it.
public struct OperationSnapshot: Sendable {
    /// The operation id.
    public var id: String
    /// The tool called.
    public var tool: String
    /// Where it stands.
    public var status: OperationStatus
    /// When it started.
    public var createdAt: Date
    /// When it ended, if it has.
    public var finishedAt: Date?
    /// The latest progress event's data.
    public var progress: JSONValue?
    /// The tool's result, once finished with one.
    public var result: JSONValue?
    /// The problem document, once failed or cancelled.
    public var error: JSONValue?
    /// Whether cancellation was asked for while it ran.
    public var cancelRequested: Bool

    /// A snapshot with every field given.
    public init(
        id: String, tool: String, status: OperationStatus, createdAt: Date, finishedAt: Date? = nil, progress: JSONValue? = nil,
        result: JSONValue? = nil, error: JSONValue? = nil, cancelRequested: Bool = false
    ) {
        self.id = id
        self.tool = tool
        self.status = status
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.progress = progress
        self.result = result
        self.error = error
        self.cancelRequested = cancelRequested
    }

    /// The JSON `GET /mcp/v1/operations/{id}` answers with, links included.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "operation_id": .string(id), "tool": .string(tool), "status": .string(status.rawValue),
            "created_at": Self.timestamp(createdAt), "progress": progress ?? .null,
            "cancel_requested": .bool(cancelRequested),
            "status_url": .string(RESTPaths.operation(id)), "progress_url": .string(RESTPaths.progress(id)),
        ]
        if let finishedAt { members["finished_at"] = Self.timestamp(finishedAt) }
        if let result { members["result"] = result }
        if let error { members["error"] = error }
        return .object(members)
    }

    /// RFC 3339, as every date on the wire.
    private static func timestamp(_ date: Date) -> JSONValue { (try? JSONValueEncoder().encode(date)) ?? .null }
}
