import Foundation
import MCP

/// Writes newline-delimited messages to a file descriptor, one whole message at a time.
///
/// Serialising through an actor keeps concurrent responses from interleaving their bytes.
/// Once the reader has gone away (EPIPE), further messages are dropped instead of failing.
actor OutputWriter {
    private let fileDescriptor: Int32
    private var closed = false

    init(fileDescriptor: Int32) { self.fileDescriptor = fileDescriptor }

    func send(_ message: JSONRPCMessage) { write(message.json) }

    func send(batch messages: [JSONRPCMessage]) { write(.array(messages.map(\.json))) }

    private func write(_ value: JSONValue) {
        guard !closed else { return }
        var bytes = value.serialized()
        bytes.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Foundation.write(fileDescriptor, base + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                closed = true
                return
            }
            offset += written
        }
    }
}
