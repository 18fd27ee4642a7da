/// The paths of the REST-style routes, in one place for the routes, their links and documentation.
public enum RESTPaths {
    public static let prefix = "/mcp/v1"
    public static let initialize = "/mcp/v1/initialize"
    public static let toolsList = "/mcp/v1/tools/list"
    public static let toolsCall = "/mcp/v1/tools/call"
    public static let resourcesList = "/mcp/v1/resources/list"
    public static let resourcesRead = "/mcp/v1/resources/read"
    public static let jsonRPC = "/mcp/v1/jsonrpc"
    public static let operations = "/mcp/v1/operations"
    public static let progressStreams = "/mcp/v1/sse/progress"

    /// Status of one operation.
    public static func operation(_ id: String) -> String { "\(operations)/\(id)" }
    /// Progress stream of one operation.
    public static func progress(_ id: String) -> String { "\(progressStreams)/\(id)" }
}
