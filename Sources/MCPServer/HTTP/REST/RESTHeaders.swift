import HTTPTypes

/// Header names the REST routes read and write.
public enum RESTHeaders {
    /// `X-Operation-Id`: the id a client chooses for its tool call, to watch it live or find it again.
    public static let operationID = HTTPField.Name("X-Operation-Id")!  // constant, valid name
    /// `Last-Event-ID`: where a reconnecting event stream resumes.
    public static let lastEventID = MCPHeaders.lastEventID
}
