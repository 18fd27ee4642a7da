import Testing

@testable import MCP

private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// Decodes `bytes` fed in the given chunks, then ends the stream.
private func decode(_ chunks: [ArraySlice<UInt8>], maxLineBytes: Int = SSEDecoder.defaultMaxLineBytes)
    -> (events: [SSEEvent], decoder: SSEDecoder)
{
    var decoder = SSEDecoder(maxLineBytes: maxLineBytes)
    var events: [SSEEvent] = []
    for chunk in chunks { events += decoder.feed(chunk) }
    events += decoder.finish()
    return (events, decoder)
}

private func decodeWhole(_ bytes: [UInt8], maxLineBytes: Int = SSEDecoder.defaultMaxLineBytes) -> [SSEEvent] {
    decode([bytes[...]], maxLineBytes: maxLineBytes).events
}

private func decodeWhole(_ stream: String) -> [SSEEvent] { decodeWhole(Array(stream.utf8)) }

/// A small deterministic generator so the "random" tests are repeatable.
private struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }
}

@Suite("SSE codec")
struct SSECodecTests {
    // MARK: Encoder

    @Test func encodesSimpleData() {
        #expect(text(SSEEncoder.encode(SSEEvent(data: "hello"))) == "data: hello\n\n")
    }

    @Test func encodesAllFieldsAndMultiLineData() {
        let event = SSEEvent(id: "7", event: "update", data: "line1\nline2\r\nline3\rline4", retry: 3000)
        #expect(
            text(SSEEncoder.encode(event))
                == "id: 7\nevent: update\nretry: 3000\ndata: line1\ndata: line2\ndata: line3\ndata: line4\n\n"
        )
    }

    @Test func encodesPrimingEvent() {
        // No data at all still writes one data line, or receivers would never dispatch it.
        #expect(text(SSEEncoder.encode(SSEEvent(id: "stream-1:0"))) == "id: stream-1:0\ndata:\n\n")
        #expect(decodeWhole(SSEEncoder.encode(SSEEvent(id: "p"))) == [SSEEvent(id: "p", data: "")])
    }

    @Test func encodesEdgeCases() {
        // Trailing and blank lines in data survive as empty data lines.
        #expect(text(SSEEncoder.encode(SSEEvent(data: "a\n"))) == "data: a\ndata:\n\n")
        #expect(text(SSEEncoder.encode(SSEEvent(data: "\n\n"))) == "data:\ndata:\ndata:\n\n")
        // A leading space gets the one separator space in front, which the receiver removes.
        #expect(text(SSEEncoder.encode(SSEEvent(data: " x"))) == "data:  x\n\n")
        // Line breaks in id and event would break the framing; NUL would void the id.
        #expect(
            text(SSEEncoder.encode(SSEEvent(id: "a\nb\r\u{0}c", event: "ty\r\npe", data: "d")))
                == "id: abc\nevent: type\ndata: d\n\n"
        )
        // An empty event type is the default anyway; a negative retry cannot be written.
        #expect(text(SSEEncoder.encode(SSEEvent(event: "", data: "d", retry: -1))) == "data: d\n\n")
        #expect(text(SSEEncoder.encode(SSEEvent(id: "", data: "d", retry: 0))) == "id:\nretry: 0\ndata: d\n\n")
        #expect(text(SSEEncoder.encode(SSEEvent(data: "héllo 🌍"))) == "data: héllo 🌍\n\n")
    }

    @Test func encodesComments() {
        #expect(text(SSEEncoder.comment("keep-alive")) == ": keep-alive\n\n")
        #expect(text(SSEEncoder.comment()) == ":\n\n")
        #expect(text(SSEEncoder.comment("a\nb\r\nc")) == ": a\n: b\n: c\n\n")
        #expect(decodeWhole(SSEEncoder.comment("a\nb") + SSEEncoder.encode(SSEEvent(data: "x"))) == [SSEEvent(data: "x")])
    }

    // MARK: Decoder

    @Test func decodesHandWrittenStream() {
        let stream =
            "\u{FEFF}: a comment\n"
            + "retry: 5000\n"
            + "id: 1\n"
            + "event: update\n"
            + "data: first line\n"
            + "data:second line\n"
            + "data\n"  // no colon: a data field with an empty value
            + "\n"
            + "data: carried id\r\n"
            + "\r\n"
            + "id: bad\u{0}id\r"  // NUL: ignored, the id stays "1"
            + "data:  two spaces\r"
            + "\r"
            + "event: no data\n"
            + "\n"  // nothing to dispatch; the event type is reset
            + "data: after\n"
            + "\n"
            + "id\n"  // resets the last event id
            + "unknown: field\n"
            + "retry: 12a\n"  // not all digits: ignored
            + "retry:\n"
            + "data: z\n"
            + ":data: a comment, not data\n"
            + "\n"
            + "data: never finished\n"
        let result = decode([Array(stream.utf8)[...]])
        #expect(
            result.events == [
                SSEEvent(id: "1", event: "update", data: "first line\nsecond line\n", retry: 5000),
                SSEEvent(id: "1", data: "carried id"),
                SSEEvent(id: "1", data: " two spaces"),
                SSEEvent(id: "1", data: "after"),
                SSEEvent(data: "z"),
            ]
        )
        #expect(result.decoder.lastEventID == "")
        #expect(result.decoder.retry == 5000)
    }

    @Test func lineEndingsAreEquivalent() {
        // The id carries over to the second event, as the browser's lastEventId does.
        let expected = [SSEEvent(id: "9", event: "e", data: "a\nb"), SSEEvent(id: "9", data: "c")]
        for ending in ["\n", "\r\n", "\r"] {
            let stream = ["id: 9", "event: e", "data: a", "data: b", "", "data: c", "", ""].joined(separator: ending)
            #expect(decodeWhole(stream) == expected, "ending \(ending.debugDescription)")
        }
        // Mixed in one stream.
        #expect(decodeWhole("id: 9\revent: e\r\ndata: a\ndata: b\r\r\ndata: c\n\r") == expected)
    }

    @Test func crAtChunkEndThenLFIsOneLineEnding() {
        // Were the LF a second line ending, it would dispatch "a" on its own.
        let (events, _) = decode([Array("data: a\r".utf8)[...], Array("\ndata: b\r\n\r\n".utf8)[...]])
        #expect(events == [SSEEvent(data: "a\nb")])
        // A CR followed by another CR is two line endings, in any chunking.
        let (split, _) = decode([Array("data: a\r".utf8)[...], Array("\r".utf8)[...]])
        #expect(split == [SSEEvent(data: "a")])
    }

    @Test func byteOrderMarkOnlyOnceAndOnlyAtStart() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let body = Array("data: a\n\n".utf8)
        #expect(decodeWhole(bom + body) == [SSEEvent(data: "a")])
        // Split inside the mark.
        #expect(decode([bom[0..<1], bom[1..<2], (Array(bom[2...]) + body)[...]]).events == [SSEEvent(data: "a")])
        // A second mark is part of the field name, which then is unknown.
        #expect(decodeWhole(bom + bom + body) == [])
        // A partial mark is text, too.
        #expect(decodeWhole(Array(bom[0..<2]) + body) == [])
        // Not at the start: just part of the data.
        #expect(decodeWhole(Array("data: ".utf8) + bom + Array("x\n\n".utf8)) == [SSEEvent(data: "\u{FEFF}x")])
    }

    @Test func invalidUTF8BecomesReplacementCharacters() {
        let bytes = Array("data: a".utf8) + [0xFF, 0xC3] + Array("\n\n".utf8)
        #expect(decodeWhole(bytes) == [SSEEvent(data: "a\u{FFFD}\u{FFFD}")])
    }

    @Test func finishDiscardsTheIncompleteEvent() {
        var decoder = SSEDecoder()
        #expect(decoder.feed(Array("id: 1\ndata: done\n\nid: 2\ndata: partial\n".utf8)) == [SSEEvent(id: "1", data: "done")])
        #expect(decoder.finish() == [])
        // The undispatched id does not count as seen; the decoder is ready for a reconnect.
        #expect(decoder.lastEventID == "1")
        #expect(decoder.feed(Array("\n".utf8)) == [])
        #expect(decoder.feed(Array("data: next\n\n".utf8)) == [SSEEvent(id: "1", data: "next")])
        // A new connection may start with a byte order mark again.
        _ = decoder.finish()
        #expect(decoder.feed([0xEF, 0xBB, 0xBF] + Array("data: bom\n\n".utf8)) == [SSEEvent(id: "1", data: "bom")])
    }

    @Test func retryOnlyOnTheEventThatSetIt() {
        let events = decodeWhole("retry: 100\ndata: a\n\ndata: b\n\nretry: 200\n\ndata: c\n\n")
        #expect(events == [SSEEvent(data: "a", retry: 100), SSEEvent(data: "b"), SSEEvent(data: "c")])
        var decoder = SSEDecoder()
        _ = decoder.feed(Array("retry: 100\ndata: a\n\nretry: 200\n".utf8))
        // The stream's reconnection time changes as soon as the field is read.
        #expect(decoder.retry == 200)
    }

    // MARK: Chunking

    /// Varied events with CRLF endings, multi-byte UTF-8, comments, retry and a BOM.
    static let chunkingStream: [UInt8] =
        [0xEF, 0xBB, 0xBF]
        + Array(
            (": héllo comment\r\n"
                + "retry: 1500\r\n"
                + "id: ü-1\r\n"
                + "event: greeting\r\n"
                + "data: héllo 🌍\r\n"
                + "data:второй\r\n"
                + "\r\n"
                + "data: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"text\":\"中文 ✓\"}}\r\n"
                + "\r\n"
                + "id: 2\r\n"
                + "data\r\n"
                + "data: 🎉\r"
                + "\r"
                + ": keep-alive\n\n"
                + "id: 3\n"
                + "event: end\n"
                + "data: bye 👋\n"
                + "\r\n").utf8)

    static let chunkingExpected = [
        SSEEvent(id: "ü-1", event: "greeting", data: "héllo 🌍\nвторой", retry: 1500),
        SSEEvent(id: "ü-1", data: "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"text\":\"中文 ✓\"}}"),
        SSEEvent(id: "2", data: "\n🎉"),
        SSEEvent(id: "3", event: "end", data: "bye 👋"),
    ]

    @Test func wholeStreamDecodesAsExpected() {
        let result = decode([Self.chunkingStream[...]])
        #expect(result.events == Self.chunkingExpected)
        #expect(result.decoder.lastEventID == "3")
        #expect(result.decoder.retry == 1500)
    }

    @Test func everyTwoChunkSplitGivesTheSameEvents() {
        let bytes = Self.chunkingStream
        for split in 0...bytes.count {
            let result = decode([bytes[..<split], bytes[split...]])
            #expect(result.events == Self.chunkingExpected, "split at \(split)")
            #expect(result.decoder.lastEventID == "3", "split at \(split)")
            #expect(result.decoder.retry == 1500, "split at \(split)")
        }
    }

    @Test func oneByteAtATimeGivesTheSameEvents() {
        let bytes = Self.chunkingStream
        let chunks = bytes.indices.map { bytes[$0..<($0 + 1)] }
        let result = decode(chunks)
        #expect(result.events == Self.chunkingExpected)
        #expect(result.decoder.lastEventID == "3")
        // Events come out as soon as their blank line arrives, not later.
        var decoder = SSEDecoder()
        var dispatchedAt: [Int] = []
        for index in bytes.indices where !decoder.feed(bytes[index...index]).isEmpty {
            dispatchedAt.append(index)
        }
        #expect(dispatchedAt.count == Self.chunkingExpected.count)
        // The stream ends "\r\n": the CR is the blank line, and the LF after it ends nothing.
        #expect(dispatchedAt.last == bytes.count - 2)
    }

    @Test func randomChunkingGivesTheSameEvents() {
        var random = SplitMix64(state: 7)
        let bytes = Self.chunkingStream
        for _ in 0..<200 {
            var chunks: [ArraySlice<UInt8>] = []
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + random.below(12))
                chunks.append(bytes[start..<end])  // may be empty
                start = end
            }
            #expect(decode(chunks).events == Self.chunkingExpected)
        }
    }

    @Test func acceptsAnyByteCollection() {
        var decoder = SSEDecoder()
        // A lazy collection has no contiguous storage, which takes the copying path.
        let lazyBytes = Array("data: lazy\n\n".utf8).lazy.map { $0 }
        #expect(decoder.feed(lazyBytes) == [SSEEvent(data: "lazy")])
        #expect(decoder.feed("data: view\n\n".utf8) == [SSEEvent(data: "view")])
        #expect(decoder.feed([UInt8]()) == [])
    }

    // MARK: Round trip

    @Test func encoderDecoderRoundTrip() {
        var random = SplitMix64(state: 2025)
        let pieces = ["a", "héllo", "🌍", " ", ":", "data: x", "\n", "\r\n", "\r", "", "{\"k\":[1,2]}", "  lead", "\u{0}"]
        var events: [SSEEvent] = []
        var stream: [UInt8] = []
        for number in 0..<300 {
            var data = ""
            for _ in 0..<random.below(6) { data += random.pick(pieces) }
            let event = SSEEvent(
                id: "id-\(number)-\(random.pick(["x", "ü", "🌍"]))",
                event: random.pick([nil, "message", "notice", "ünïcode"]),
                data: data,
                retry: random.pick([nil, 0, 1000, random.below(100_000)])
            )
            events.append(event)
            stream += SSEEncoder.encode(event)
            if random.below(4) == 0 { stream += SSEEncoder.comment(random.pick(["ping", "", "two\nlines"])) }
        }
        // The decoder rebuilds data with LF line endings, and "message" is just a type name.
        let expected = events.map { event in
            var normalized = event
            normalized.data = event.data.replacingCRLF()
            return normalized
        }
        #expect(decodeWhole(stream) == expected)

        var chunks: [ArraySlice<UInt8>] = []
        var start = 0
        while start < stream.count {
            let end = min(stream.count, start + 1 + random.below(64))
            chunks.append(stream[start..<end])
            start = end
        }
        let chunked = decode(chunks)
        #expect(chunked.events == expected)
        #expect(chunked.decoder.lastEventID == events.last?.id)
    }

    // MARK: Memory bound

    @Test func oversizedLineDropsItsEvent() {
        let limit = 32
        let huge = String(repeating: "x", count: 10_000)
        let stream = Array(
            ("data: short\n\n"
                + "id: big\nevent: e\ndata: \(huge)\ndata: more\n\n"
                + "data: ok\n\n").utf8)
        for chunks in [[stream[...]], stream.indices.map { stream[$0...$0] }] {
            var decoder = SSEDecoder(maxLineBytes: limit)
            var events: [SSEEvent] = []
            var peak = 0
            for chunk in chunks {
                events += decoder.feed(chunk)
                peak = max(peak, decoder.bufferedByteCount)
            }
            #expect(events == [SSEEvent(data: "short"), SSEEvent(id: "big", data: "ok")])
            #expect(decoder.droppedOversizedEvents == 1)
            #expect(peak <= limit)
            // The dropped event's id still counts as received.
            #expect(decoder.lastEventID == "big")
        }
    }

    @Test func oversizedDataAcrossManyLinesDropsTheEvent() {
        var decoder = SSEDecoder(maxLineBytes: 64)
        var stream = ""
        for _ in 0..<1000 { stream += "data: 0123456789\n" }
        stream += "\ndata: next\n\n"
        var peak = 0
        var events: [SSEEvent] = []
        for byte in stream.utf8 {
            events += decoder.feed(CollectionOfOne(byte))
            peak = max(peak, decoder.bufferedByteCount)
        }
        #expect(events == [SSEEvent(data: "next")])
        #expect(decoder.droppedOversizedEvents == 1)
        // One line and one event's data at most, instead of all 17 000 bytes.
        #expect(peak <= 2 * 64)
    }

    @Test func lineAtTheLimitIsKept() {
        let value = String(repeating: "y", count: 26)  // "data: " + 26 = 32 bytes
        var decoder = SSEDecoder(maxLineBytes: 32)
        #expect(decoder.feed(Array("data: \(value)\n\n".utf8)) == [SSEEvent(data: value)])
        #expect(decoder.feed(Array("data: \(value)z\n\n".utf8)) == [])
        #expect(decoder.droppedOversizedEvents == 1)
    }

    @Test func oversizedCommentIsSkippedWithoutDroppingAnything() {
        var decoder = SSEDecoder(maxLineBytes: 16)
        let stream = "data: a\n: " + String(repeating: "c", count: 500) + "\ndata: b\n\n"
        #expect(decoder.feed(Array(stream.utf8)) == [SSEEvent(data: "a\nb")])
        #expect(decoder.droppedOversizedEvents == 0)
    }

    @Test func defaultLimit() {
        #expect(SSEDecoder().maxLineBytes == SSEDecoder.defaultMaxLineBytes)
        #expect(SSEDecoder(maxLineBytes: 0).maxLineBytes == 1)
    }
}

extension String {
    /// CRLF and CR turned into LF, as an SSE receiver rebuilds multi-line data.
    fileprivate func replacingCRLF() -> String {
        var result = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                result.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n", previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            result.append(scalar)
        }
        return String(result)
    }
}
