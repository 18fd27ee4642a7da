/// Method names of the MCP requests and notifications Quire knows.
public enum Method {
    public static let initialize = "initialize"
    public static let ping = "ping"
    public static let discover = "server/discover"
    public static let toolsList = "tools/list"
    public static let toolsCall = "tools/call"
    public static let resourcesList = "resources/list"
    public static let resourcesTemplatesList = "resources/templates/list"
    public static let resourcesRead = "resources/read"
    public static let resourcesSubscribe = "resources/subscribe"
    public static let resourcesUnsubscribe = "resources/unsubscribe"
    public static let promptsList = "prompts/list"
    public static let promptsGet = "prompts/get"
    public static let completionComplete = "completion/complete"
    public static let loggingSetLevel = "logging/setLevel"
    public static let subscriptionsListen = "subscriptions/listen"

    public static let initialized = "notifications/initialized"
    public static let cancelled = "notifications/cancelled"
    public static let progress = "notifications/progress"
    public static let message = "notifications/message"
    public static let resourceUpdated = "notifications/resources/updated"
    public static let resourcesListChanged = "notifications/resources/list_changed"
    public static let toolsListChanged = "notifications/tools/list_changed"
    public static let promptsListChanged = "notifications/prompts/list_changed"
    public static let subscriptionsAcknowledged = "notifications/subscriptions/acknowledged"

    /// Methods that exist only in the legacy era and are answered `-32601` on a 2026-07-28 request.
    public static let removedInModernEra: Set<String> = [
        initialize, ping, loggingSetLevel, resourcesSubscribe, resourcesUnsubscribe,
    ]
}
