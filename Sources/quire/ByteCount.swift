import ArgumentParser

/// A size on the command line: bytes, or with a K, M or G suffix (powers of 1024), e.g. `20M`.
struct ByteCount: ExpressibleByArgument, Sendable {
    var bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        var text = argument.uppercased()
        if text.hasSuffix("B") { text.removeLast() }
        var multiplier = 1
        switch text.last {
        case "K": multiplier = 1 << 10
        case "M": multiplier = 1 << 20
        case "G": multiplier = 1 << 30
        default: break
        }
        if multiplier > 1 { text.removeLast() }
        guard let value = Int(text), value > 0, value <= Int.max / multiplier else { return nil }
        bytes = value * multiplier
    }

    var defaultValueDescription: String { "\(bytes / (1 << 20))M" }
}
