/// How much room a store takes on disk and inside its file.
public struct StorageFootprint: Sendable, Equatable {
    /// Bytes of the main database file.
    public var databaseBytes: Int64
    /// Bytes of the write-ahead log (`-wal`), 0 when absent.
    public var walBytes: Int64
    /// Bytes of the shared-memory index (`-shm`), 0 when absent.
    public var sharedMemoryBytes: Int64
    /// SQLite's page size in bytes.
    public var pageSize: Int
    /// Pages in the database file.
    public var pageCount: Int
    /// Pages on the free list: space a `VACUUM` would give back.
    public var freePages: Int

    /// Creates a footprint.
    public init(databaseBytes: Int64, walBytes: Int64, sharedMemoryBytes: Int64, pageSize: Int, pageCount: Int, freePages: Int) {
        self.databaseBytes = databaseBytes
        self.walBytes = walBytes
        self.sharedMemoryBytes = sharedMemoryBytes
        self.pageSize = pageSize
        self.pageCount = pageCount
        self.freePages = freePages
    }

    /// All three files together.
    public var totalBytes: Int64 { databaseBytes + walBytes + sharedMemoryBytes }

    /// Bytes held by free pages.
    public var reclaimableBytes: Int64 { Int64(freePages) * Int64(pageSize) }
}
