/// An incremental Server-Sent Events parser, following the WHATWG HTML "event stream
/// interpretation" rules.
///
/// Feed it bytes as they arrive, split anywhere: inside a multi-byte UTF-8 character or between
/// the CR and LF of a CRLF. Lines may end in CRLF, LF or CR; one leading UTF-8 byte order mark is
/// skipped; comment lines (`:` first) and unknown fields are ignored.
///
/// An event is dispatched at a blank line when it has at least one `data` line. Its fields:
/// - `data`: the `data` lines joined with LF;
/// - `event`: the last `event` field in the block, or `nil` when absent or empty;
/// - `id`: the stream's ``lastEventID`` at dispatch, or `nil` when that is empty. Like the browser's
///   `MessageEvent.lastEventId`, it carries over to later events without an `id` line;
/// - `retry`: the last valid `retry` field in this block, if any (``retry`` keeps the latest one
///   of the whole stream).
///
/// Memory is bounded by `maxLineBytes`: a line longer than that, or an event whose data grows past
/// it, is not buffered, so the decoder holds at most about twice that many bytes. The rest of the line is skipped and the event it belongs to is dropped at
/// its blank line, counted in ``droppedOversizedEvents``. Such an event's `id` still becomes the
/// ``lastEventID``: the event did arrive, and asking for it again on reconnect would only drop it
/// again. An oversized comment line is skipped without dropping anything.
public struct SSEDecoder: Sendable {
    /// The default for `maxLineBytes`: 8 MiB, room for a large MCP result (a tool returning an
    /// image is base64 on one `data` line) while still stopping a runaway stream.
    public static let defaultMaxLineBytes = 8 * 1024 * 1024

    /// The longest line, and the most data in one event, that is buffered, in bytes.
    public let maxLineBytes: Int
    /// The id of the last dispatched block that set one (`""` until then, or after an empty `id`);
    /// send it as `Last-Event-ID` when reconnecting.
    public private(set) var lastEventID = ""
    /// The reconnection delay in milliseconds most recently sent by the server, if any.
    public private(set) var retry: Int?
    /// How many events were dropped because a line or their data exceeded `maxLineBytes`.
    public private(set) var droppedOversizedEvents = 0

    private var line: [UInt8] = []
    /// The current line outgrew the limit; its remaining bytes are thrown away.
    private var skippingLine = false
    /// The last byte was a CR, so an LF right after it (maybe in the next chunk) ends nothing.
    private var afterCR = false
    /// How many bytes of a leading byte order mark have been seen; only checked at stream start.
    private var bomMatched = 0
    private var atStreamStart = true

    private var data: [UInt8] = []
    private var eventType = ""
    private var lastEventIDBuffer = ""
    private var eventRetry: Int?
    private var eventOversized = false

    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let colon = UInt8(ascii: ":")
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Bytes currently held for the unfinished line and event, for tests of the memory bound.
    var bufferedByteCount: Int { line.count + data.count }

    /// Creates a decoder for one stream.
    /// - Parameter maxLineBytes: the longest line, and the most data in one event, to buffer;
    ///   at least 1.
    public init(maxLineBytes: Int = SSEDecoder.defaultMaxLineBytes) {
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Parses the next bytes of the stream and returns the events they complete, in order.
    public mutating func feed(_ bytes: some Collection<UInt8>) -> [SSEEvent] {
        var events: [SSEEvent] = []
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            process(buffer, into: &events)
        }
        if done == nil {
            Array(bytes).withUnsafeBufferPointer { buffer in process(buffer, into: &events) }
        }
        return events
    }

    /// Ends the stream. As the spec requires, an event still missing its blank line is discarded,
    /// so this returns no events today; call it anyway so the decoder is ready for the next
    /// connection of the same stream (``lastEventID`` and ``retry`` are kept for the reconnect).
    public mutating func finish() -> [SSEEvent] {
        line = []
        skippingLine = false
        afterCR = false
        bomMatched = 0
        atStreamStart = true
        resetEvent()
        // An id in the discarded event was never dispatched, so it must not be reported as seen.
        lastEventIDBuffer = lastEventID
        return []
    }

    private mutating func process(_ buffer: UnsafeBufferPointer<UInt8>, into events: inout [SSEEvent]) {
        var index = 0
        let count = buffer.count
        while atStreamStart, index < count {
            if buffer[index] == Self.byteOrderMark[bomMatched] {
                bomMatched += 1
                index += 1
                if bomMatched == Self.byteOrderMark.count { atStreamStart = false }
            } else {
                // Not a byte order mark after all: the bytes taken for one are ordinary text.
                atStreamStart = false
                appendToLine(Self.byteOrderMark[0..<bomMatched])
            }
        }
        while index < count {
            let byte = buffer[index]
            if afterCR {
                afterCR = false
                if byte == Self.lineFeed {
                    index += 1
                    continue
                }
            }
            if byte == Self.lineFeed || byte == Self.carriageReturn {
                endLine(into: &events)
                afterCR = byte == Self.carriageReturn
                index += 1
                continue
            }
            // Take the whole run up to the next line ending at once.
            var end = index + 1
            while end < count, buffer[end] != Self.lineFeed, buffer[end] != Self.carriageReturn { end += 1 }
            appendToLine(buffer[index..<end])
            index = end
        }
    }

    private mutating func appendToLine(_ bytes: some Collection<UInt8>) {
        guard !skippingLine, !bytes.isEmpty else { return }
        guard line.count + bytes.count <= maxLineBytes else {
            // Only a field line spoils its event; an overlong comment is just skipped.
            if (line.first ?? bytes.first) != Self.colon { eventOversized = true }
            line = []
            skippingLine = true
            return
        }
        line.append(contentsOf: bytes)
    }

    private mutating func endLine(into events: inout [SSEEvent]) {
        if skippingLine {
            skippingLine = false
        } else {
            processLine(into: &events)
        }
        // Keep a modest buffer for the next line, but give back what a huge line took.
        if line.capacity > 64 * 1024 {
            line = []
        } else {
            line.removeAll(keepingCapacity: true)
        }
    }

    private mutating func processLine(into events: inout [SSEEvent]) {
        if line.isEmpty {
            dispatch(into: &events)
            return
        }
        if line[0] == Self.colon { return }
        let fieldEnd = line.firstIndex(of: Self.colon) ?? line.endIndex
        let field = line[..<fieldEnd]
        var valueStart = fieldEnd < line.endIndex ? fieldEnd + 1 : line.endIndex
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = line[valueStart...]

        if field.elementsEqual("data".utf8) {
            guard !eventOversized else { return }
            if data.count + value.count + 1 > maxLineBytes {
                eventOversized = true
                data = []
            } else {
                data.append(contentsOf: value)
                data.append(Self.lineFeed)
            }
        } else if field.elementsEqual("event".utf8) {
            eventType = String(decoding: value, as: UTF8.self)
        } else if field.elementsEqual("id".utf8) {
            if !value.contains(0) { lastEventIDBuffer = String(decoding: value, as: UTF8.self) }
        } else if field.elementsEqual("retry".utf8) {
            if !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let milliseconds = Int(String(decoding: value, as: UTF8.self))
            {
                retry = milliseconds
                eventRetry = milliseconds
            }
        }
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        lastEventID = lastEventIDBuffer
        defer { resetEvent() }
        if eventOversized {
            droppedOversizedEvents += 1
            return
        }
        guard !data.isEmpty else { return }
        data.removeLast()  // the LF after the last data line
        events.append(
            SSEEvent(
                id: lastEventID.isEmpty ? nil : lastEventID,
                event: eventType.isEmpty ? nil : eventType,
                data: String(decoding: data, as: UTF8.self),
                retry: eventRetry
            )
        )
    }

    private mutating func resetEvent() {
        if data.capacity > 64 * 1024 {
            data = []
        } else {
            data.removeAll(keepingCapacity: true)
        }
        eventType = ""
        eventRetry = nil
        eventOversized = false
    }
}
