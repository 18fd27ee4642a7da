/// Decodes HTML character references: `&name;`, `&#123;` and `&#x1F600;`.
enum HTMLEntities {
    /// The named references common in real pages. Unknown names are left as written.
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
        "copy": "©", "reg": "®", "trade": "™", "mdash": "—", "ndash": "–", "hellip": "…",
        "lsquo": "‘", "rsquo": "’", "sbquo": "‚", "ldquo": "“", "rdquo": "”", "bdquo": "„",
        "laquo": "«", "raquo": "»", "bull": "•", "middot": "·", "deg": "°", "plusmn": "±",
        "times": "×", "divide": "÷", "micro": "µ", "para": "¶", "sect": "§", "euro": "€",
        "pound": "£", "yen": "¥", "cent": "¢", "shy": "\u{00AD}", "ensp": "\u{2002}",
        "emsp": "\u{2003}", "thinsp": "\u{2009}", "zwnj": "\u{200C}", "zwj": "\u{200D}",
        "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓", "harr": "↔", "hearts": "♥",
        "frac12": "½", "frac14": "¼", "frac34": "¾", "sup2": "²", "sup3": "³", "iexcl": "¡",
        "iquest": "¿", "szlig": "ß", "auml": "ä", "ouml": "ö", "uuml": "ü", "Auml": "Ä",
        "Ouml": "Ö", "Uuml": "Ü", "eacute": "é", "egrave": "è", "ecirc": "ê", "aacute": "á",
        "agrave": "à", "acirc": "â", "iacute": "í", "oacute": "ó", "uacute": "ú", "ntilde": "ñ",
        "ccedil": "ç", "Eacute": "É", "oslash": "ø", "aring": "å", "aelig": "æ",
    ]

    /// Names browsers accept without the closing semicolon.
    private static let legacy: Set<String> = ["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"]

    /// `text` with every character reference it recognises replaced.
    static func decode(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "&", let (replacement, end) = reference(in: text, at: index) else {
                output.append(character)
                index = text.index(after: index)
                continue
            }
            output.append(replacement)
            index = end
        }
        return output
    }

    /// The replacement for the reference starting at `start` (an `&`) and the index after it.
    private static func reference(in text: Substring, at start: Substring.Index) -> (String, Substring.Index)? {
        var index = text.index(after: start)
        guard index < text.endIndex else { return nil }
        if text[index] == "#" {
            index = text.index(after: index)
            var hex = false
            if index < text.endIndex, text[index] == "x" || text[index] == "X" {
                hex = true
                index = text.index(after: index)
            }
            let digitsStart = index
            while index < text.endIndex, text[index].isASCII, hex ? text[index].isHexDigit : text[index].isNumber { index = text.index(after: index) }
            guard index > digitsStart, let value = UInt32(text[digitsStart..<index].prefix(8), radix: hex ? 16 : 10) else { return nil }
            if index < text.endIndex, text[index] == ";" { index = text.index(after: index) }
            // Invalid and NUL code points become U+FFFD, as browsers do.
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (String(Character(scalar ?? "\u{FFFD}")), index)
        }
        let nameStart = index
        while index < text.endIndex, text[index].isASCII, text[index].isLetter || text[index].isNumber, text.distance(from: nameStart, to: index) < 32 {
            index = text.index(after: index)
        }
        let name = String(text[nameStart..<index])
        guard let replacement = named[name] else { return nil }
        if index < text.endIndex, text[index] == ";" { return (replacement, text.index(after: index)) }
        return legacy.contains(name) ? (replacement, index) : nil
    }
}
