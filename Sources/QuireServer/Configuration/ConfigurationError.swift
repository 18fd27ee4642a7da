/// A configuration that cannot be used, explained in one line naming where the bad value came
/// from (file, environment variable or flag) and what is expected.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
