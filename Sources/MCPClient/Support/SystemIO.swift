#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raw POSIX calls under names that no type method shadows.
enum SystemIO {
    /// Writes all of `bytes` to `fd`, retrying on EINTR; false when the descriptor refused.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                guard let base = buffer.baseAddress else { return false }
                let written = write(fd, base + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }

    static func closeDescriptor(_ fd: Int32) { _ = close(fd) }
}
