import MCP
import Synchronization

/// The SSE events of `subscriptions/listen` streams: each notification tagged with its stream's
/// subscription id in `params._meta`.
///
/// A resource update goes to every stream listening to that resource, possibly tens of
/// thousands, and only the subscription id differs between their events. So the last
/// notification is serialized once, with a placeholder id, and each stream's event is the
/// bytes before the placeholder, its own id, and the bytes after: exactly what serializing
/// each tagged copy would give, because keys are written sorted and the compact JSON of a
/// notification has no line breaks for the SSE encoder to split.
final class ListenRenderer: Sendable {
    private struct Template {
        let message: JSONRPCMessage
        let prefix: [UInt8]
        let suffix: [UInt8]
    }

    private let last = Mutex<Template?>(nil)
    /// Cannot come from a client: a control character only this type writes.
    private static let placeholder = "\u{1}quire-subscription-id\u{1}"

    /// The event for `message` on the stream whose subscription id is `subscriptionID`.
    func event(for message: JSONRPCMessage, subscriptionID: JSONValue) -> [UInt8] {
        guard case .notification = message else {
            return SSEEncoder.encode(SSEEvent(event: "message", data: message.json.jsonString))
        }
        let cached = last.withLock { template -> Template? in
            guard let template, template.message == message else { return nil }
            return template
        }
        guard let template = cached ?? makeTemplate(message) else {
            return SSEEncoder.encode(SSEEvent(event: "message", data: Self.tag(message, subscriptionID).json.jsonString))
        }
        var bytes = template.prefix
        bytes.append(contentsOf: subscriptionID.serialized())
        bytes.append(contentsOf: template.suffix)
        return bytes
    }

    /// Splits the event of `message` tagged with the placeholder; `nil` if it is not there
    /// exactly once (then each stream serializes its own copy).
    private func makeTemplate(_ message: JSONRPCMessage) -> Template? {
        let event = SSEEncoder.encode(SSEEvent(event: "message", data: Self.tag(message, .string(Self.placeholder)).json.jsonString))
        let marker = JSONValue.string(Self.placeholder).serialized()
        var found: Range<Int>?
        var start = 0
        while start + marker.count <= event.count {
            if event[start..<(start + marker.count)].elementsEqual(marker) {
                guard found == nil else { return nil }
                found = start..<(start + marker.count)
            }
            start += 1
        }
        guard let found else { return nil }
        let template = Template(message: message, prefix: Array(event[..<found.lowerBound]), suffix: Array(event[found.upperBound...]))
        last.withLock { $0 = template }
        return template
    }

    /// `message` with `subscriptionID` in its `params._meta`.
    static func tag(_ message: JSONRPCMessage, _ subscriptionID: JSONValue) -> JSONRPCMessage {
        guard case .notification(var notification) = message else { return message }
        var params = notification.params?.objectValue ?? [:]
        var meta = params["_meta"]?.objectValue ?? [:]
        meta[MetaKey.subscriptionID] = subscriptionID
        params["_meta"] = .object(meta)
        notification.params = .object(params)
        return .notification(notification)
    }
}
