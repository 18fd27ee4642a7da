import Foundation

/// Checks and normalizes record ids.
enum DocumentUUID {
    /// A fresh random (version 4) uuid in lower case.
    static func generate() -> String {
        UUID().uuidString.lowercased()
    }

    /// `text` lower-cased when it is a UUID in 8-4-4-4-12 hex form, else `nil`.
    ///
    /// Any version nibble is accepted so ids minted elsewhere can be imported unchanged.
    static func normalized(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return nil }
        for (index, byte) in bytes.enumerated() {
            switch index {
            case 8, 13, 18, 23:
                guard byte == UInt8(ascii: "-") else { return nil }
            default:
                let isHex = (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
                guard isHex else { return nil }
            }
        }
        return text.lowercased()
    }

    /// The normalized uuid, or a validation error naming `field`.
    static func require(_ text: String, field: String = "uuid") throws(StoreError) -> String {
        guard let uuid = normalized(text) else {
            throw StoreError.validation(
                field: field,
                message: "'\(text)' is not a UUID; expected 8-4-4-4-12 hex digits like 3f2c1a9e-0b7d-4c55-9e21-5a4b8c7d6e0f"
            )
        }
        return uuid
    }
}
