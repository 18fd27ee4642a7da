import MCPServer
import QuireStore

/// What every tool group may use: the store and the optional outside services.
struct ToolEnvironment: Sendable {
    let store: DocumentStore
    let options: DocumentServer.Options
    /// The usage log's recorder: tools that search or call a language model report to it.
    var usage: UsageRecorder? = nil
}
