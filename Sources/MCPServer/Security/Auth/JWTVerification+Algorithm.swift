extension JWTVerification {
    /// A JWS signature algorithm a token may be signed with (RFC 7518 names). `none` is
    /// deliberately not a case: an unsigned token is never acceptable.
    public enum Algorithm: String, Sendable, Hashable, CaseIterable, Codable {
        /// RSASSA-PKCS1-v1_5 with SHA-256/384/512 (RSA keys of 2048 bits or more).
        case rs256 = "RS256", rs384 = "RS384", rs512 = "RS512"
        /// RSASSA-PSS with SHA-256/384/512 (RSA keys).
        case ps256 = "PS256", ps384 = "PS384", ps512 = "PS512"
        /// ECDSA on P-256, P-384, P-521.
        case es256 = "ES256", es384 = "ES384", es512 = "ES512"
        /// Ed25519.
        case eddsa = "EdDSA"
        /// HMAC with SHA-256/384/512 (shared secrets of at least 32/48/64 bytes).
        case hs256 = "HS256", hs384 = "HS384", hs512 = "HS512"

        /// The defaults with public keys: RS256/384/512, PS256, ES256/384, EdDSA.
        public static let publicKeyDefaults: Set<Algorithm> = [.rs256, .rs384, .rs512, .ps256, .es256, .es384, .eddsa]
        /// The defaults with a shared secret: HS256/384/512.
        public static let sharedSecretDefaults: Set<Algorithm> = [.hs256, .hs384, .hs512]

        /// Whether this is an HMAC algorithm, which needs a shared secret.
        public var isHMAC: Bool { family == .hmac }

        /// The kind of key the algorithm verifies with.
        enum Family: Sendable { case rsa, ecP256, ecP384, ecP521, ed25519, hmac }

        var family: Family {
            switch self {
            case .rs256, .rs384, .rs512, .ps256, .ps384, .ps512: .rsa
            case .es256: .ecP256
            case .es384: .ecP384
            case .es512: .ecP521
            case .eddsa: .ed25519
            case .hs256, .hs384, .hs512: .hmac
            }
        }
    }
}
