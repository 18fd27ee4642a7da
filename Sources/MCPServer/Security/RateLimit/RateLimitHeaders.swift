import HTTPTypes

/// The header fields of draft-ietf-httpapi-ratelimit-headers: `RateLimit-Policy` describes each
/// bucket (`q` requests, refilled completely in `w` seconds) and `RateLimit` where it stands
/// (`r` requests remaining, full again in `t` seconds). Both are Structured Field lists whose
/// members are the policy names `"principal"` and `"global"`.
///
/// A token bucket is described by its burst as the quota and its full refill time as the window:
/// a client may send `q` requests at once and then `q` more every `w` seconds, which is what the
/// bucket guarantees.
public enum RateLimitHeaders {
    // Literal, valid field names: the initialiser cannot fail for them.
    /// `RateLimit-Policy`.
    public static let policy = HTTPField.Name("RateLimit-Policy")!
    /// `RateLimit`.
    public static let state = HTTPField.Name("RateLimit")!

    /// The fields for `decision`: both draft fields when a limit applies, and `Retry-After` when
    /// the request was refused. Empty when nothing is limited.
    public static func fields(for decision: RateLimitDecision) -> HTTPFields {
        var fields = HTTPFields()
        guard !decision.buckets.isEmpty else { return fields }
        fields[policy] = decision.buckets.map { #""\#($0.scope.rawValue)";q=\#($0.limit.burst);w=\#($0.limit.windowSeconds)"# }
            .joined(separator: ", ")
        fields[state] = decision.buckets.map { #""\#($0.scope.rawValue)";r=\#($0.remaining);t=\#($0.resetSeconds)"# }
            .joined(separator: ", ")
        if !decision.isAllowed { fields[.retryAfter] = String(decision.retryAfterSeconds) }
        return fields
    }
}
