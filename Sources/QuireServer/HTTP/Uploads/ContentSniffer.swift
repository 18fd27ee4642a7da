import Foundation

/// Decides what an uploaded file really is from its bytes, not from the type the client
/// declared: binaries are recognised by their signatures (or by bytes no text file has), text is
/// decoded (UTF-8, or UTF-16 with a byte-order mark).
enum ContentSniffer {
    enum Verdict: Equatable {
        /// Text, decoded.
        case text(String)
        /// Not text; `kind` names what it looks like, for the error message.
        case binary(kind: String)
    }

    /// File signatures of common binaries, with a name a person recognises. Only signatures no
    /// text file starts with: other binaries are caught by their NUL and control bytes.
    private static let signatures: [(bytes: [UInt8], kind: String)] = [
        (Array("%PDF-".utf8), "a PDF document"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        (Array("GIF87a".utf8), "a GIF image"),
        (Array("GIF89a".utf8), "a GIF image"),
        ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (or an Office document such as .docx/.xlsx)"),
        ([0x50, 0x4B, 0x05, 0x06], "an empty ZIP archive"),
        ([0x1F, 0x8B], "a gzip archive"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "an xz archive"),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "a 7-Zip archive"),
        ([0x28, 0xB5, 0x2F, 0xFD], "a zstd archive"),
        ([0x7F, 0x45, 0x4C, 0x46], "an ELF executable"),
        ([0x00, 0x61, 0x73, 0x6D], "a WebAssembly module"),
        (Array("SQLite format 3".utf8) + [0], "an SQLite database"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "a legacy Office document (.doc/.xls)"),
        ([0x49, 0x49, 0x2A, 0x00], "a TIFF image"),
        ([0x4D, 0x4D, 0x00, 0x2A], "a TIFF image"),
    ]

    /// How much of the file is inspected for bytes that never appear in text.
    static let sampleLength = 8192

    static func sniff(_ bytes: [UInt8]) -> Verdict {
        if let kind = signatures.first(where: { bytes.starts(with: $0.bytes) })?.kind { return .binary(kind: kind) }
        // ISO base media (MP4, MOV, HEIC): a box size, then "ftyp".
        if bytes.count >= 8, Array(bytes[4..<8]) == Array("ftyp".utf8) { return .binary(kind: "an MP4/QuickTime media file") }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return decodeUTF8(Array(bytes.dropFirst(3))) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let encoding: String.Encoding = bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            guard bytes.count % 2 == 0, let text = String(data: Data(bytes.dropFirst(2)), encoding: encoding) else {
                return .binary(kind: "data that is not valid UTF-16")
            }
            return .text(text)
        }
        return decodeUTF8(bytes)
    }

    private static func decodeUTF8(_ bytes: [UInt8]) -> Verdict {
        let sample = bytes.prefix(sampleLength)
        // NUL never appears in text; a run of other control characters means a binary format.
        if sample.contains(0) { return .binary(kind: "binary data (it contains NUL bytes)") }
        let controls = sample.filter { $0 < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D, 0x1B].contains($0) || $0 == 0x7F }.count
        if controls * 100 > max(sample.count, 1) { return .binary(kind: "binary data (it contains control bytes)") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .binary(kind: "data that is not UTF-8 text (convert it to UTF-8)")
        }
        return .text(text)
    }
}
