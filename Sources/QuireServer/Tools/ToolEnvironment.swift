import MCPServer
import QuireStore

/// What every tool group may use: the store and the optional outside services.
struct ToolEnvironment: Sendable {
    let store: DocumentStore
    let options: DocumentServer.Options
}
