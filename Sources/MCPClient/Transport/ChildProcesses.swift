import Foundation
import Synchronization

/// Every child server this process started, so a signal handler can end them with the client.
public enum ChildProcesses {
    private static let pids = Mutex<Set<Int32>>([])

    static func add(_ pid: Int32) { pids.withLock { _ = $0.insert(pid) } }
    static func remove(_ pid: Int32) { pids.withLock { _ = $0.remove(pid) } }

    /// Sends SIGTERM to every child still running (used when the client is interrupted).
    public static func terminateAll() {
        for pid in pids.withLock({ $0 }) { kill(pid, SIGTERM) }
    }
}
