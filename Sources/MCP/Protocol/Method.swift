/// Method names of the MCP requests and notifications Quire knows.
public enum Method {
    /// `initialize`.
    public static let initialize = "initialize"
    /// `ping`.
    public static let ping = "ping"
    /// `server/discover`.
    public static let discover = "server/discover"
    /// `tools/list`.
    public static let toolsList = "tools/list"
    /// `tools/call`.
    public static let toolsCall = "tools/call"
    /// `resources/list`.
    public static let resourcesList = "resources/list"
    /// `resources/templates/list`.
    public static let resourcesTemplatesList = "resources/templates/list"
    /// `resources/read`.
    public static let resourcesRead = "resources/read"
    /// `resources/subscribe`.
    public static let resourcesSubscribe = "resources/subscribe"
    /// `resources/unsubscribe`.
    public static let resourcesUnsubscribe = "resources/unsubscribe"
    /// `prompts/list`.
    public static let promptsList = "prompts/list"
    /// `prompts/get`.
    public static let promptsGet = "prompts/get"
    /// `completion/complete`.
    public static let completionComplete = "completion/complete"
    /// `logging/setLevel`.
    public static let loggingSetLevel = "logging/setLevel"
    /// `subscriptions/listen`.
    public static let subscriptionsListen = "subscriptions/listen"

    /// `notifications/initialized`.
    /// The `notifications/initialized` notification.
    public static let initialized = "notifications/initialized"
    /// `notifications/cancelled`.
    /// The `notifications/cancelled` notification.
    public static let cancelled = "notifications/cancelled"
    /// `notifications/progress`.
    /// The `notifications/progress` notification.
    public static let progress = "notifications/progress"
    /// `notifications/message`.
    /// The `notifications/message` notification.
    public static let message = "notifications/message"
    /// `notifications/resources/updated`.
    /// The `notifications/resources/updated` notification.
    public static let resourceUpdated = "notifications/resources/updated"
    /// `notifications/resources/list_changed`.
    /// The `notifications/resources/list_changed` notification.
    public static let resourcesListChanged = "notifications/resources/list_changed"
    /// `notifications/tools/list_changed`.
    /// The `notifications/tools/list_changed` notification.
    public static let toolsListChanged = "notifications/tools/list_changed"
    /// `notifications/prompts/list_changed`.
    /// The `notifications/prompts/list_changed` notification.
    public static let promptsListChanged = "notifications/prompts/list_changed"
    /// `notifications/subscriptions/acknowledged`.
    /// The `notifications/subscriptions/acknowledged` notification.
    public static let subscriptionsAcknowledged = "notifications/subscriptions/acknowledged"

    /// Methods that exist only in the legacy era and are answered `-32601` on a 2026-07-28 request.
    public static let removedInModernEra: Set<String> = [
        initialize, ping, loggingSetLevel, resourcesSubscribe, resourcesUnsubscribe,
    ]
}
