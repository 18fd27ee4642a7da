import Foundation
import Synchronization

/// Shows an import's progress on standard error: on a terminal, one bar redrawn in place with
/// `\r` (at most ten times a second); otherwise plain lines, one per finished file and one every
/// 10,000 documents, so logs stay readable.
public final class TerminalProgress: Sendable {
    private struct State {
        var lastDraw: ContinuousClock.Instant?
        var lastFilesDone = 0
        var lastLineDocuments = 0
        var drawn = false
    }

    private let interactive: Bool
    private let started = ContinuousClock.now
    private let state = Mutex(State())
    private let write: @Sendable (String) -> Void

    /// - Parameters:
    ///   - interactive: Whether standard error is a terminal (draw a bar) or not (print lines).
    ///   - write: Where text goes; standard error by default.
    public init(interactive: Bool, write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.interactive = interactive
        self.write = write
    }

    /// Whether standard error is a terminal.
    public static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Shows `progress`.
    public func update(_ progress: DocumentImporter.Progress) {
        let now = ContinuousClock.now
        let elapsed = DocumentImporter.seconds(now - started)
        let text: String? = state.withLock { state in
            if interactive {
                let finished = progress.filesDone == progress.filesTotal && progress.currentFile == nil
                if let last = state.lastDraw, now - last < .milliseconds(100), !finished { return nil }
                state.lastDraw = now
                state.drawn = true
                let line = ProgressLine.render(
                    done: progress.bytesDone, total: progress.bytesTotal, count: progress.documentsImported, unit: "docs", elapsed: elapsed
                )
                let failed = progress.documentsFailed > 0 ? "  \(ProgressLine.grouped(progress.documentsFailed)) failed" : ""
                return "\r\(line)\(failed)\u{1B}[K"
            }
            var lines = ""
            if progress.filesDone > state.lastFilesDone, let file = progress.currentFile {
                state.lastFilesDone = progress.filesDone
                let outcome = progress.lastFileDocuments.map { "\($0) document\($0 == 1 ? "" : "s")" } ?? "failed"
                lines += "[\(progress.filesDone)/\(progress.filesTotal)] \(file): \(outcome)\n"
            } else if progress.documentsImported - state.lastLineDocuments >= 10_000 {
                state.lastLineDocuments = progress.documentsImported
                lines += "\(progress.documentsImported) documents imported\n"
            }
            return lines.isEmpty ? nil : lines
        }
        if let text { write(text) }
    }

    /// Ends the bar's line, so what follows starts on a fresh line.
    public func finish() {
        let drawn = state.withLock { $0.drawn }
        if interactive, drawn { write("\n") }
    }
}
