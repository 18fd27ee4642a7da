import Foundation
import JWTKit

/// The keys a token may be verified with, each already bound to the algorithms it may verify.
///
/// Binding happens up front so that the token's header never chooses how a key is used: an
/// RSA key only ever gets RSA verifiers, and only for allowed algorithms.
struct VerificationKeys: Sendable {
    struct Entry: Sendable {
        /// The key's `kid`; `nil` for a key that has none.
        var kid: String?
        var verifiers: [JWTVerification.Algorithm: any JWTAlgorithm]
    }

    /// What a lookup found.
    enum Lookup {
        case found([any JWTAlgorithm])
        case unknownKey
        case noKeyForAlgorithm
    }

    var entries: [Entry]
    /// A configured single key (PEM or secret) serves any `kid`: the operator chose it.
    var matchesAnyKid: Bool

    /// The verifiers for a token's `kid` and `alg`.
    func lookup(kid: String?, algorithm: JWTVerification.Algorithm) -> Lookup {
        let candidates: [Entry]
        if matchesAnyKid || kid == nil {
            candidates = entries
        } else {
            candidates = entries.filter { $0.kid == kid }
        }
        if candidates.isEmpty { return .unknownKey }
        let verifiers = candidates.compactMap { $0.verifiers[algorithm] }
        return verifiers.isEmpty ? .noKeyForAlgorithm : .found(verifiers)
    }

    var isEmpty: Bool { entries.allSatisfy { $0.verifiers.isEmpty } }
}

// MARK: - Building

extension VerificationKeys {
    /// One HMAC secret, bound to every allowed HMAC algorithm whose hash it is long enough for
    /// (RFC 7518 §3.2: at least the hash size, so HS384 needs 48 bytes and HS512 64).
    static func sharedSecret(_ secret: [UInt8], allowed: Set<JWTVerification.Algorithm>) async throws -> VerificationKeys {
        let key = HMACKey(from: secret)
        var verifiers: [JWTVerification.Algorithm: any JWTAlgorithm] = [:]
        for algorithm in allowed where algorithm.isHMAC && secret.count >= minimumSecretBytes(algorithm) {
            verifiers[algorithm] = try await bind { collection, kid in
                switch algorithm {
                case .hs384: await collection.add(hmac: key, digestAlgorithm: .sha384, kid: kid)
                case .hs512: await collection.add(hmac: key, digestAlgorithm: .sha512, kid: kid)
                default: await collection.add(hmac: key, digestAlgorithm: .sha256, kid: kid)
                }
            }
        }
        return VerificationKeys(entries: [Entry(kid: nil, verifiers: verifiers)], matchesAnyKid: true)
    }

    static func minimumSecretBytes(_ algorithm: JWTVerification.Algorithm) -> Int {
        switch algorithm {
        case .hs384: 48
        case .hs512: 64
        default: 32
        }
    }

    /// One public key in PEM form: RSA, EC or Ed25519, bound to the allowed algorithms of its kind.
    static func publicKeyPEM(_ pem: String, allowed: Set<JWTVerification.Algorithm>) async throws(JWTConfigurationError) -> VerificationKeys {
        var verifiers: [JWTVerification.Algorithm: any JWTAlgorithm] = [:]
        do {
            if let rsa = try? Insecure.RSA.PublicKey(pem: pem) {
                for algorithm in allowed where algorithm.family == .rsa {
                    verifiers[algorithm] = try await bind { collection, kid in
                        await addRSA(rsa, as: algorithm, to: collection, kid: kid)
                    }
                }
            } else if let ec = try? ES256PublicKey(pem: pem) {
                if allowed.contains(.es256) { verifiers[.es256] = try await bind { await $0.add(ecdsa: ec, kid: $1) } }
            } else if let ec = try? ES384PublicKey(pem: pem) {
                if allowed.contains(.es384) { verifiers[.es384] = try await bind { await $0.add(ecdsa: ec, kid: $1) } }
            } else if let ec = try? ES512PublicKey(pem: pem) {
                if allowed.contains(.es512) { verifiers[.es512] = try await bind { await $0.add(ecdsa: ec, kid: $1) } }
            } else if let ed = try? EdDSA.PublicKey(pem: pem) {
                if allowed.contains(.eddsa) { verifiers[.eddsa] = try await bind { await $0.add(eddsa: ed, kid: $1) } }
            } else {
                throw JWTConfigurationError("the public key is not an RSA (2048 bits or more), EC or Ed25519 public key in PEM form")
            }
        } catch let error as JWTConfigurationError {
            throw error
        } catch {
            throw JWTConfigurationError("the public key cannot be used: \(error)")
        }
        guard !verifiers.isEmpty else {
            throw JWTConfigurationError("no allowed algorithm fits the configured public key")
        }
        return VerificationKeys(entries: [Entry(kid: nil, verifiers: verifiers)], matchesAnyKid: true)
    }

    static func addRSA(_ key: Insecure.RSA.PublicKey, as algorithm: JWTVerification.Algorithm, to collection: JWTKeyCollection, kid: JWKIdentifier) async {
        switch algorithm {
        case .rs384: await collection.add(rsa: key, digestAlgorithm: .sha384, kid: kid)
        case .rs512: await collection.add(rsa: key, digestAlgorithm: .sha512, kid: kid)
        case .ps256: await collection.add(pss: key, digestAlgorithm: .sha256, kid: kid)
        case .ps384: await collection.add(pss: key, digestAlgorithm: .sha384, kid: kid)
        case .ps512: await collection.add(pss: key, digestAlgorithm: .sha512, kid: kid)
        default: await collection.add(rsa: key, digestAlgorithm: .sha256, kid: kid)
        }
    }

    /// jwt-kit builds its verifiers inside a key collection; this hands one out, bound to one
    /// key and one algorithm, so that we, not the token, choose which verifier runs.
    static func bind(_ add: (JWTKeyCollection, JWKIdentifier) async -> Void) async throws -> any JWTAlgorithm {
        let collection = JWTKeyCollection()
        let kid = JWKIdentifier(string: "bound")
        await add(collection, kid)
        return try await collection.getKey(for: kid)
    }
}
