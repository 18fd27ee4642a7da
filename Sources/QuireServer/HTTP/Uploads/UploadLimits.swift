/// How much one upload request may carry.
public struct UploadLimits: Sendable {
    /// The largest file, in bytes (413 beyond).
    public var maxFileBytes: Int
    /// The largest request body, all parts together, in bytes (413 beyond).
    public var maxTotalBytes: Int
    /// The most files in one request.
    public var maxFiles: Int
    /// The largest metadata field value, in bytes.
    public var maxFieldBytes: Int

    public init(maxFileBytes: Int = 10 * 1024 * 1024, maxTotalBytes: Int = 50 * 1024 * 1024, maxFiles: Int = 100, maxFieldBytes: Int = 64 * 1024) {
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxFiles = maxFiles
        self.maxFieldBytes = maxFieldBytes
    }
}
