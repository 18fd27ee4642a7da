/// The paths of the REST-style routes, in one place for the routes, their links and documentation.
public enum RESTPaths {
    /// The common prefix.
    public static let prefix = "/mcp/v1"
    /// `POST`: server info and capabilities.
    public static let initialize = "/mcp/v1/initialize"
    /// `GET`/`POST`: the tools.
    public static let toolsList = "/mcp/v1/tools/list"
    /// `POST`: call a tool.
    public static let toolsCall = "/mcp/v1/tools/call"
    /// `GET`/`POST`: the resources.
    public static let resourcesList = "/mcp/v1/resources/list"
    /// `POST`: read a resource.
    public static let resourcesRead = "/mcp/v1/resources/read"
    /// `POST`: any JSON-RPC request.
    public static let jsonRPC = "/mcp/v1/jsonrpc"
    /// Operations, by id below this path.
    public static let operations = "/mcp/v1/operations"
    /// Progress streams of operations, by id below this path.
    public static let progressStreams = "/mcp/v1/sse/progress"

    /// Status of one operation.
    public static func operation(_ id: String) -> String { "\(operations)/\(id)" }
    /// Progress stream of one operation.
    public static func progress(_ id: String) -> String { "\(progressStreams)/\(id)" }
}
