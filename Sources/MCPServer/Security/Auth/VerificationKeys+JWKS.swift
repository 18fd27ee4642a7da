import Foundation
import JWTKit

extension VerificationKeys {
    /// The usable keys of a JSON Web Key Set. Keys jwt-kit cannot read (other key types,
    /// `use: enc`, symmetric `oct` keys) are skipped rather than failing the whole set, so one
    /// exotic key at the IdP does not lock everybody out.
    static func jwks(_ data: Data, allowed: Set<JWTVerification.Algorithm>) async throws(KeyFetchError) -> VerificationKeys {
        let set: LenientJWKS
        do {
            set = try JSONDecoder().decode(LenientJWKS.self, from: data)
        } catch {
            throw KeyFetchError("the JWKS is not a JSON object with a keys array")
        }
        var entries: [Entry] = []
        for (index, item) in set.keys.enumerated() {
            guard let jwk = item.jwk, item.use == nil || item.use == "sig" else { continue }
            var verifiers: [JWTVerification.Algorithm: any JWTAlgorithm] = [:]
            for algorithm in algorithms(for: jwk, allowed: allowed) {
                guard let jwkAlgorithm = JWK.Algorithm(rawValue: algorithm.rawValue) else { continue }
                var bound = jwk
                bound.algorithm = jwkAlgorithm
                bound.keyIdentifier = JWKIdentifier(string: "bound-\(index)-\(algorithm.rawValue)")
                if let verifier = try? await bind(jwk: bound) { verifiers[algorithm] = verifier }
            }
            if !verifiers.isEmpty { entries.append(Entry(kid: jwk.keyIdentifier?.string, verifiers: verifiers)) }
        }
        return VerificationKeys(entries: entries, matchesAnyKid: false)
    }

    /// The allowed algorithms a JWK can verify: its own `alg` if it names one, else every allowed
    /// algorithm of its key type and curve.
    static func algorithms(for jwk: JWK, allowed: Set<JWTVerification.Algorithm>) -> [JWTVerification.Algorithm] {
        if let declared = jwk.algorithm {
            guard let algorithm = JWTVerification.Algorithm(rawValue: declared.rawValue), allowed.contains(algorithm),
                  family(of: jwk) == algorithm.family else { return [] }
            return [algorithm]
        }
        guard let family = family(of: jwk) else { return [] }
        return allowed.filter { $0.family == family }.sorted { $0.rawValue < $1.rawValue }
    }

    private static func family(of jwk: JWK) -> JWTVerification.Algorithm.Family? {
        if jwk.keyType == .rsa { return .rsa }
        if jwk.keyType == .ecdsa {
            if jwk.curve == .ecdsa(.p256) { return .ecP256 }
            if jwk.curve == .ecdsa(.p384) { return .ecP384 }
            if jwk.curve == .ecdsa(.p521) { return .ecP521 }
            return nil
        }
        if jwk.keyType == .octetKeyPair, jwk.curve == .eddsa(.ed25519) { return .ed25519 }
        return nil
    }

    private static func bind(jwk: JWK) async throws -> any JWTAlgorithm {
        let collection = JWTKeyCollection()
        try await collection.add(jwk: jwk)
        guard let kid = jwk.keyIdentifier else { throw KeyFetchError("key without id") }
        return try await collection.getKey(for: kid)
    }
}

/// A JWKS whose individual keys may fail to decode without failing the set.
private struct LenientJWKS: Decodable {
    var keys: [LenientJWK]
}

private struct LenientJWK: Decodable {
    var jwk: JWK?
    var use: String?

    private enum CodingKeys: String, CodingKey { case use }

    init(from decoder: any Decoder) throws {
        jwk = try? JWK(from: decoder)
        use = try? decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .use)
    }
}
