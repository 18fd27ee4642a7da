/// One Server-Sent Events message, as written by ``SSEEncoder`` and produced by ``SSEDecoder``.
public struct SSEEvent: Sendable, Equatable {
    /// The event id. On decoding this is the stream's last event id when the event was dispatched
    /// (it carries over from earlier events, as the WHATWG `lastEventId` does), or `nil` when that is
    /// empty.
    public var id: String?
    /// The event type; `nil` means the default type, `message`.
    public var event: String?
    /// The payload; lines are joined with LF.
    public var data: String
    /// A reconnection delay in milliseconds set by this event, if any.
    public var retry: Int?

    /// Creates an event.
    public init(id: String? = nil, event: String? = nil, data: String = "", retry: Int? = nil) {
        self.id = id
        self.event = event
        self.data = data
        self.retry = retry
    }
}
