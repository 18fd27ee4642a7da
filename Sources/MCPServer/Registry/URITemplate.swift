/// A level-1 RFC 6570 URI template such as `contextframe://documents/{uuid}`, used to match
/// concrete URIs and pull out their variables.
public struct URITemplate: Sendable, Hashable {
    private enum Part: Sendable, Hashable {
        case literal(String)
        case variable(String)
    }

    /// The template text, e.g. `contextframe://documents/{uuid}`.
    public let template: String
    private let parts: [Part]

    /// The variable names in order of appearance.
    public var variables: [String] {
        parts.compactMap { if case .variable(let name) = $0 { return name } else { return nil } }
    }

    /// Parses a level-1 RFC 6570 template.
    public init(_ template: String) {
        self.template = template
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            if !literal.isEmpty { parts.append(.literal(literal)) }
            literal = ""
            parts.append(.variable(String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    /// The variables of `uri` when it matches, else `nil`. A variable matches one or more
    /// characters other than `/`, so `{uuid}` never swallows a path.
    public func match(_ uri: String) -> [String: String]? {
        var values: [String: String] = [:]
        var rest = Substring(uri)
        var position = 0
        while position < parts.count {
            switch parts[position] {
            case .literal(let literal):
                guard rest.hasPrefix(literal) else { return nil }
                rest = rest.dropFirst(literal.count)
            case .variable(let name):
                var end = rest.firstIndex(of: "/") ?? rest.endIndex
                if position + 1 < parts.count, case .literal(let next) = parts[position + 1],
                    let found = rest.range(of: next)?.lowerBound, found < end
                {
                    end = found
                }
                let value = rest[..<end]
                guard !value.isEmpty else { return nil }
                values[name] = String(value).removingPercentEncodingIfValid
                rest = rest[end...]
            }
            position += 1
        }
        return rest.isEmpty ? values : nil
    }

    /// The URI with `values` substituted.
    public func expand(_ values: [String: String]) -> String {
        parts.map { part in
            switch part {
            case .literal(let literal): return literal
            case .variable(let name): return values[name] ?? ""
            }
        }.joined()
    }
}

extension String {
    fileprivate var removingPercentEncodingIfValid: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? self
    }
}
