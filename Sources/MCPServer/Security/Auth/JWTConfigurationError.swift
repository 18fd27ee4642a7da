/// A ``JWTVerification`` that cannot work: no audience, an unreadable key, an algorithm that does
/// not fit the key, a key URL that is not https. `message` is one line, fit for the operator.
public struct JWTConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in one line.
    public var message: String

    /// A configuration error with a one-line message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Why keys could not be fetched from the issuer. Becomes part of an ``AuthenticationFailure``.
struct KeyFetchError: Error, Sendable, CustomStringConvertible {
    var message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}
