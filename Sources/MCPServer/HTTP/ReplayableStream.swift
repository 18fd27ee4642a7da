import MCP

/// One SSE stream of a legacy session (a POST's response stream, or the session's GET stream),
/// with ids of the form `<stream>-<seq>` and a bounded log for `Last-Event-ID` replay (L20, L21).
///
/// The stream outlives its connection: a client that drops a POST stream can resume it with
/// GET + `Last-Event-ID` and receive what it missed, and nothing from any other stream.
actor ReplayableStream {
    let index: Int
    private let replayLimit: Int
    private let retryMilliseconds: Int
    private var log: [(seq: Int, bytes: [UInt8])] = []
    private var nextSeq = 1
    private var outbox: SSEOutbox?
    /// The last event written to a connection (for the GET stream: what a fresh GET skips).
    private var deliveredUpTo = 0
    /// The final response has been published; nothing more will come.
    private(set) var isFinished = false

    init(index: Int, replayLimit: Int, retryMilliseconds: Int) {
        self.index = index
        self.replayLimit = replayLimit
        self.retryMilliseconds = retryMilliseconds
    }

    func eventID(_ seq: Int) -> String { "\(index)-\(seq)" }

    /// Connects `outbox` as the stream's reader: first a priming event (id, empty data, retry),
    /// then the logged events after `lastSeq` (or, with none given, those never delivered),
    /// then live events. Any previous reader is closed: one reader per stream.
    func attach(_ newOutbox: SSEOutbox, resumingAfter lastSeq: Int?) {
        outbox?.close()
        outbox = newOutbox
        newOutbox.send(SSEEvent(id: eventID(lastSeq ?? deliveredUpTo), data: "", retry: retryMilliseconds))
        let start = lastSeq ?? deliveredUpTo
        for entry in log where entry.seq > start {
            newOutbox.send(entry.bytes)
            deliveredUpTo = max(deliveredUpTo, entry.seq)
        }
        if isFinished { newOutbox.close() }
    }

    /// Forgets `expected` as the reader if it still is (its connection ended).
    func detach(_ expected: SSEOutbox) {
        if outbox === expected { outbox = nil }
    }

    var hasReader: Bool { outbox.map { !$0.isClosed } ?? false }

    /// Publishes a message; `final` ends the stream after it (a POST stream's response).
    func publish(_ message: JSONRPCMessage, final: Bool = false) {
        let seq = nextSeq
        nextSeq += 1
        let bytes = SSEEncoder.encode(SSEEvent(id: eventID(seq), event: "message", data: message.json.jsonString))
        log.append((seq, bytes))
        if log.count > replayLimit { log.removeFirst(log.count - replayLimit) }
        if let outbox, outbox.send(bytes) {
            deliveredUpTo = seq
        } else {
            outbox = nil
        }
        if final {
            isFinished = true
            outbox?.close()
        }
    }

    /// Closes the reader, if any (session ended or server stopping).
    func close() {
        isFinished = true
        outbox?.close()
        outbox = nil
    }
}

extension ReplayableStream {
    /// Splits a `Last-Event-ID` of the form `<stream>-<seq>`.
    static func parse(eventID: String) -> (stream: Int, seq: Int)? {
        let parts = eventID.split(separator: "-")
        guard parts.count == 2, let stream = Int(parts[0]), let seq = Int(parts[1]), stream >= 0, seq >= 0 else { return nil }
        return (stream, seq)
    }
}
