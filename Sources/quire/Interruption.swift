import Foundation
import MCPClient
import Synchronization

/// Ctrl-C (SIGINT), SIGTERM and SIGHUP during a `quire mcp` command.
///
/// The first signal cancels the running command, so it closes its connections the normal way: a
/// legacy HTTP session gets its `DELETE` (L27), a stdio server has its stdin closed, then SIGTERM.
/// A second signal, or clean-up that takes longer than ``grace`` seconds, ends the child servers
/// and the process at once. Either way the exit status is 130, as shells report an interrupt.
enum Interruption {
    /// Seconds the clean-up may take: a 2 s DELETE budget, or a stdio child's 2 s + 2 s shutdown.
    static let grace = 6.0

    private struct State {
        var installed = false
        var signalled = false
        var cancel: (@Sendable () -> Void)?
    }

    private static let state = Mutex(State())
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Whether a signal arrived during this run.
    static var happened: Bool { state.withLock { $0.signalled } }

    /// Runs `body` as a task that the first signal cancels.
    static func run(_ body: @escaping @Sendable () async throws -> Int32) async throws -> Int32 {
        install()
        let task = Task { try await body() }
        let alreadySignalled = state.withLock { state -> Bool in
            state.cancel = { task.cancel() }
            return state.signalled
        }
        if alreadySignalled { task.cancel() }
        return try await task.value
    }

    private static func install() {
        let first = state.withLock { state -> Bool in
            defer { state.installed = true }
            return !state.installed
        }
        guard first else { return }
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { received() }
            source.resume()
            sources.append(source)
        }
    }

    private static func received() {
        let (again, cancel) = state.withLock { state -> (Bool, (@Sendable () -> Void)?) in
            defer { state.signalled = true }
            return (state.signalled, state.cancel)
        }
        if again { forceExit() }
        cancel?()
        DispatchQueue.global().asyncAfter(deadline: .now() + grace) { forceExit() }
    }

    private static func forceExit() -> Never {
        ChildProcesses.terminateAll()
        FileHandle.standardError.write(Data("\nquire: interrupted\n".utf8))
        exit(130)
    }
}
