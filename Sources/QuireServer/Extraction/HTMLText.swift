/// The visible text of an HTML page: scripts, styles and the head dropped, character references
/// decoded, whitespace collapsed as a browser would, block elements separated by blank lines.
///
/// A small tolerant tokenizer, not a full HTML5 parser: it needs no DOM, only the text a reader sees.
struct HTMLText: Equatable {
    /// The `<title>`, when the page has a non-empty one.
    var title: String?
    /// The first `<h1>`'s text, a fallback title.
    var firstHeading: String?
    /// The visible text, paragraphs separated by a blank line.
    var text: String

    /// Elements whose whole content is never shown.
    private static let hidden: Set<String> = ["script", "style", "noscript", "template", "svg", "math", "iframe", "object"]
    /// Elements that start a new paragraph.
    private static let blocks: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot",
        "blockquote", "pre", "section", "article", "header", "footer", "nav", "aside", "main", "figure",
        "figcaption", "form", "fieldset", "address", "details", "summary", "hr", "body", "html", "caption", "center",
    ]
    /// Elements that start a new line.
    private static let lines: Set<String> = ["br", "li", "tr", "dt", "dd", "option", "legend"]
    /// Elements that separate their neighbours with a space.
    private static let cells: Set<String> = ["td", "th"]

    private struct Tag {
        var name: String
        var closing: Bool
        var selfClosing: Bool
        var end: Int
    }

    static func extract(_ html: String) -> HTMLText {
        let bytes = Array(html.utf8)
        var writer = TextWriter()
        var title: String?
        var heading: TextWriter?
        var firstHeading: String?
        var inHead = false
        var preDepth = 0
        var index = 0

        func emit(_ start: Int, _ end: Int) {
            guard start < end, !inHead else { return }
            let text = HTMLEntities.decode(Substring(String(decoding: bytes[start..<end], as: UTF8.self)))
            writer.write(text, preserve: preDepth > 0)
            heading?.write(text, preserve: false)
        }

        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                let start = index
                index = find(UInt8(ascii: "<"), in: bytes, from: index) ?? bytes.count
                emit(start, index)
                continue
            }
            if matches(bytes, at: index, "<!--") {
                index = (find("-->", in: bytes, from: index + 4).map { $0 + 3 }) ?? bytes.count
                continue
            }
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "!") || bytes[index + 1] == UInt8(ascii: "?") {
                index = (find(UInt8(ascii: ">"), in: bytes, from: index).map { $0 + 1 }) ?? bytes.count
                continue
            }
            guard let tag = parseTag(bytes, at: index) else {
                // Not a tag: a literal "<" in text.
                emit(index, index + 1)
                index += 1
                continue
            }
            index = tag.end
            let name = tag.name
            if !tag.closing, !tag.selfClosing, hidden.contains(name) || name == "title" {
                let close = find("</" + name, in: bytes, from: index, caseInsensitive: true) ?? bytes.count
                if name == "title", title == nil {
                    let raw = HTMLEntities.decode(Substring(String(decoding: bytes[index..<close], as: UTF8.self)))
                    var collapsed = TextWriter()
                    collapsed.write(raw, preserve: false)
                    if !collapsed.output.isEmpty { title = collapsed.output }
                }
                index = close < bytes.count ? ((find(UInt8(ascii: ">"), in: bytes, from: close).map { $0 + 1 }) ?? bytes.count) : bytes.count
                continue
            }
            switch name {
            case "head": inHead = !tag.closing
            case "body": inHead = false
            case "pre": preDepth = max(0, preDepth + (tag.closing ? -1 : 1))
            case "h1":
                if tag.closing, let captured = heading {
                    if firstHeading == nil, !captured.output.isEmpty { firstHeading = captured.output }
                    heading = nil
                } else if !tag.closing, firstHeading == nil {
                    heading = TextWriter()
                }
            default: break
            }
            if blocks.contains(name) {
                writer.paragraphBreak()
            } else if lines.contains(name) {
                writer.lineBreak()
            } else if cells.contains(name) {
                writer.space()
            }
        }
        return HTMLText(title: title, firstHeading: firstHeading, text: writer.output)
    }

    /// Parses the tag starting at `start` (a `<`); `nil` when what follows is not a tag.
    private static func parseTag(_ bytes: [UInt8], at start: Int) -> Tag? {
        var index = start + 1
        var closing = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "/") {
            closing = true
            index += 1
        }
        guard index < bytes.count, isLetter(bytes[index]) else { return nil }
        let nameStart = index
        while index < bytes.count, isLetter(bytes[index]) || isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: ":") {
            index += 1
        }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
        // Skip attributes up to the closing ">", honouring quoted values that may contain ">".
        var quote: UInt8?
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                let selfClosing = index > start + 1 && bytes[index - 1] == UInt8(ascii: "/")
                return Tag(name: name, closing: closing, selfClosing: selfClosing, end: index + 1)
            }
            index += 1
        }
        // An unterminated tag swallows the rest, as browsers do.
        return Tag(name: name, closing: closing, selfClosing: true, end: bytes.count)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func matches(_ bytes: [UInt8], at index: Int, _ literal: String) -> Bool {
        let pattern = Array(literal.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        return bytes[index..<(index + pattern.count)].elementsEqual(pattern)
    }

    private static func find(_ byte: UInt8, in bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        return bytes[start...].firstIndex(of: byte)
    }

    private static func find(_ literal: String, in bytes: [UInt8], from start: Int, caseInsensitive: Bool = false) -> Int? {
        let pattern = Array(literal.utf8).map { caseInsensitive ? lower($0) : $0 }
        guard let first = pattern.first, pattern.count <= bytes.count else { return nil }
        var index = start
        while index + pattern.count <= bytes.count {
            if (caseInsensitive ? lower(bytes[index]) : bytes[index]) == first {
                var offset = 1
                while offset < pattern.count, (caseInsensitive ? lower(bytes[index + offset]) : bytes[index + offset]) == pattern[offset] { offset += 1 }
                if offset == pattern.count { return index }
            }
            index += 1
        }
        return nil
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}

/// Accumulates text with browser whitespace rules: runs of spaces and line breaks collapse to one
/// space; requested breaks appear only between pieces of text, never at the start or end.
struct TextWriter: Equatable {
    private(set) var output = ""
    private var pendingBreak = 0
    private var pendingSpace = false

    mutating func lineBreak() { pendingBreak = max(pendingBreak, 1) }
    mutating func paragraphBreak() { pendingBreak = 2 }
    mutating func space() { pendingSpace = true }

    mutating func write(_ text: String, preserve: Bool) {
        for character in text {
            if preserve {
                flushBreak()
                if pendingSpace, !output.isEmpty { output.append(" ") }
                pendingSpace = false
                output.append(character == "\r\n" || character == "\r" ? "\n" : character)
                continue
            }
            if character == " " || character == "\t" || character == "\n" || character == "\r\n" || character == "\r" || character == "\u{0C}" {
                pendingSpace = true
                continue
            }
            if output.isEmpty {
                pendingBreak = 0
            } else if pendingBreak > 0 {
                flushBreak()
            } else if pendingSpace {
                output.append(" ")
            }
            pendingSpace = false
            output.append(character)
        }
    }

    private mutating func flushBreak() {
        guard pendingBreak > 0 else { return }
        if !output.isEmpty { output.append(pendingBreak == 2 ? "\n\n" : "\n") }
        pendingBreak = 0
        pendingSpace = false
    }
}
