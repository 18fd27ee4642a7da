import MCP
import Testing
@testable import MCPServer

/// Listen-stream rendering and the shared keep-alive schedule.
@Suite struct SSEStreamTests {
    /// What each stream's event was before the renderer: its own tagged copy, serialized.
    static func reference(_ message: JSONRPCMessage, _ subscriptionID: JSONValue) -> [UInt8] {
        SSEEncoder.encode(SSEEvent(event: "message", data: ListenRenderer.tag(message, subscriptionID).json.jsonString))
    }

    @Test func renderedEventsEqualSerializingEachTaggedCopy() {
        let renderer = ListenRenderer()
        let messages: [JSONRPCMessage] = [
            .notification(JSONRPCNotification(method: "notifications/resources/updated", params: ["uri": "contextframe://documents/a\"b"])),
            .notification(JSONRPCNotification(method: "notifications/resources/updated", params: ["uri": "contextframe://documents/a\"b", "_meta": ["z": 1]])),
            .notification(JSONRPCNotification(method: "notifications/tools/list_changed")),
            .notification(JSONRPCNotification(method: "notifications/message", params: ["data": "line\nbreak \u{2028} \u{1}quire"])),
            .response(JSONRPCResponse(id: .int(1), result: [:])),
        ]
        let ids: [JSONValue] = [.string("listen-1"), .int(7), .string("quote\" and \\ and \n"), .string("\u{1}quire-subscription-id\u{1}")]
        // Twice over, so both fresh templates and cached ones are compared.
        for _ in 0..<2 {
            for message in messages {
                for id in ids {
                    #expect(renderer.event(for: message, subscriptionID: id) == Self.reference(message, id))
                }
            }
        }
    }

    @Test func aNotificationContainingThePlaceholderIsSerializedPerStream() {
        let renderer = ListenRenderer()
        let message = JSONRPCMessage.notification(JSONRPCNotification(
            method: "notifications/resources/updated", params: ["uri": "\u{1}quire-subscription-id\u{1}"]
        ))
        #expect(renderer.event(for: message, subscriptionID: "s") == Self.reference(message, "s"))
    }

    @Test func keepAlivesAreQueuedOncePerInterval() async {
        let tracker = StreamTracker(keepAliveInterval: .seconds(10))
        let outbox = SSEOutbox(limit: 8)
        let start = ContinuousClock.now
        tracker.track(outbox)
        tracker.sendKeepAlives(now: start + .seconds(5))
        tracker.sendKeepAlives(now: start + .seconds(11))
        tracker.sendKeepAlives(now: start + .seconds(12))
        tracker.sendKeepAlives(now: start + .seconds(22))
        outbox.close()
        var chunks: [[UInt8]] = []
        while let chunk = await outbox.next() { chunks.append(chunk) }
        #expect(chunks == [SSEEncoder.comment("keepalive"), SSEEncoder.comment("keepalive")])
    }

    @Test func untrackedAndClosedStreamsGetNoKeepAlives() async {
        let tracker = StreamTracker(keepAliveInterval: .seconds(1))
        let kept = SSEOutbox(limit: 8)
        let gone = SSEOutbox(limit: 8)
        tracker.track(kept)
        tracker.track(gone)
        tracker.untrack(gone)
        #expect(tracker.count == 1)
        tracker.sendKeepAlives(now: .now + .seconds(2))
        gone.close()
        #expect(await gone.next() == nil)
        tracker.closeAll()
        #expect(await kept.next() == SSEEncoder.comment("keepalive"))
        // Shutdown's final event follows; the untracked stream got neither.
        #expect(await kept.next() == SSEEncoder.encode(StreamTracker.shutdownEvent))
        #expect(await kept.next() == nil)
        let late = SSEOutbox(limit: 8)
        tracker.track(late)
        #expect(late.isClosed)
    }
}
