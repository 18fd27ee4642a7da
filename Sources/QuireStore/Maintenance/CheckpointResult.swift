/// What a WAL checkpoint did.
public struct CheckpointResult: Sendable, Equatable {
    /// Frames in the write-ahead log before it was reset.
    public var walFrames: Int
    /// Frames copied into the database file.
    public var checkpointedFrames: Int

    /// Creates a checkpoint result.
    public init(walFrames: Int, checkpointedFrames: Int) {
        self.walFrames = walFrames
        self.checkpointedFrames = checkpointedFrames
    }
}
