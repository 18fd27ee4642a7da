import MCPServer
import QuireStore

/// The document server's HTTP routes beside `/mcp`: the REST-style `/mcp/v1/*` routes, uploads
/// and operational endpoints of the original plan.
public enum DocumentHTTPRoutes {
    /// The route providers for `store`, to hand to ``MCPServer/MCPHTTPServer``.
    public static func providers(store: DocumentStore, options: DocumentServer.Options, uploads: UploadLimits = UploadLimits()) -> [any HTTPRouteProvider] {
        [
            RESTRoutes(options: restOptions), ChangeStreamRoutes(store: store), SubscriptionRoutes(options: restOptions),
            StoreProbe(store: store),
            UploadRoutes(store: store, embedder: options.embedder, limits: uploads),
            RESTRoutesDescription(),
        ]
    }
}
