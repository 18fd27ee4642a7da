/// Learns which sessions watch which resources (`resources/subscribe`), so that whoever knows
/// when resources change can send `notifications/resources/updated` to the right sessions.
public protocol ResourceSubscriptionListener: Sendable {
    /// `session` now watches `uri`. Throwing refuses the subscription (for example, an unknown URI).
    func subscribe(_ uri: String, session: ServerSession) async throws
    /// `session` no longer watches `uri`.
    func unsubscribe(_ uri: String, session: ServerSession) async
}
