import MCP
import MCPServer

extension DocumentHTTPRoutes {
    /// The REST routes' options for the document server: the long tools run as operations, and
    /// ContextFrame's error codes get the HTTP statuses they mean.
    public static var restOptions: RESTOptions {
        var options = RESTOptions()
        options.backgroundTools = .init(names: ["optimize_storage", "benchmark_operations", "extract_from_file"], prefixes: ["batch_"])
        options.toolErrorStatuses = [
            ContextFrameErrorCode.datasetNotFound: .serviceUnavailable,
            ContextFrameErrorCode.recordNotFound: .notFound,
            // No embedder, a failing endpoint or a vector of the wrong size: the request cannot be served as given.
            ContextFrameErrorCode.embeddingError: .unprocessableContent,
            ContextFrameErrorCode.invalidSearchType: .badRequest,
            ContextFrameErrorCode.filterError: .badRequest,
            ContextFrameErrorCode.noLanguageModel: .notImplemented,
        ]
        return options
    }
}
