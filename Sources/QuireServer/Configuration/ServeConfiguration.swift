import Foundation
import MCP

/// The effective settings of `quire serve`: defaults, then the configuration file, then
/// `QUIRE_*` environment variables, then flags — each later layer wins.
public struct ServeConfiguration: Sendable {
    /// Where a value came from, for `--print-config` and error messages.
    public enum Source: String, Sendable { case `default`, file, environment, flag }

    public private(set) var values: [String: JSONValue] = [:]
    public private(set) var sources: [String: Source] = [:]

    private static let settings = Dictionary(uniqueKeysWithValues: ConfigurationSetting.all.map { ($0.key, $0) })

    /// Resolves the layers. `file` is the parsed configuration file (named `fileName` in errors);
    /// `flags` maps setting keys to the values given on the command line.
    public static func resolve(
        file: JSONValue?, fileName: String = "the configuration file", environment: [String: String], flags: [String: JSONValue]
    ) throws(ConfigurationError) -> ServeConfiguration {
        var configuration = ServeConfiguration()
        for setting in ConfigurationSetting.all {
            configuration.values[setting.key] = setting.defaultValue
            configuration.sources[setting.key] = .default
        }
        if let file {
            guard case .object = file else { throw ConfigurationError("\(fileName): expected a JSON object at the top level") }
            for (key, value) in flatten(file) {
                guard let setting = settings[key] else { throw ConfigurationError("\(fileName): unknown setting \(key)") }
                configuration.set(setting, try check(value, setting, origin: "\(fileName): \(key)"), from: .file)
            }
        }
        for setting in ConfigurationSetting.all {
            guard let name = setting.environment, let raw = environment[name], !raw.isEmpty else { continue }
            configuration.set(setting, try parse(raw, setting, origin: "environment variable \(name)"), from: .environment)
        }
        for (key, value) in flags {
            guard let setting = settings[key] else { throw ConfigurationError("unknown setting \(key)") }
            configuration.set(setting, try check(value, setting, origin: setting.flag ?? key), from: .flag)
        }
        return configuration
    }

    /// Reads and resolves, with the file at `path` (if any) parsed as JSON.
    public static func load(path: String?, environment: [String: String], flags: [String: JSONValue]) throws(ConfigurationError) -> ServeConfiguration {
        guard let path else { return try resolve(file: nil, environment: environment, flags: flags) }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError("cannot read the configuration file \(path): \((error as NSError).localizedDescription)")
        }
        let file: JSONValue
        do {
            file = try JSONValue(parsing: [UInt8](bytes))
        } catch {
            throw ConfigurationError("\(path): not valid JSON: \(error)")
        }
        return try resolve(file: file, fileName: path, environment: environment, flags: flags)
    }

    private mutating func set(_ setting: ConfigurationSetting, _ value: JSONValue, from source: Source) {
        values[setting.key] = value
        sources[setting.key] = source
    }

    // MARK: Typed reads

    public subscript(key: String) -> JSONValue { values[key] ?? .null }
    public func string(_ key: String) -> String? { self[key].stringValue }
    public func int(_ key: String) -> Int { self[key].intValue ?? self[key].doubleValue.map { Int($0) } ?? 0 }
    public func double(_ key: String) -> Double { self[key].doubleValue ?? self[key].intValue.map(Double.init) ?? 0 }
    public func bool(_ key: String) -> Bool { self[key] == .bool(true) }
    public func strings(_ key: String) -> [String] { self[key].arrayValue?.compactMap(\.stringValue) ?? [] }
    public func isSet(_ key: String) -> Bool { sources[key] != .default }

    /// How the user set `key`: its flag, its environment variable, or its file key — for messages.
    public func label(_ key: String) -> String {
        let setting = Self.settings[key]
        switch sources[key] {
        case .flag?: return setting?.flag ?? key
        case .environment?: return setting?.environment ?? key
        default: return key
        }
    }

    /// The effective settings in the file's nested shape, secrets masked: what `--print-config` shows.
    public var printable: JSONValue {
        var root: [String: JSONValue] = [:]
        for setting in ConfigurationSetting.all {
            var value = self[setting.key]
            if setting.secret, value != .null { value = "********" }
            Self.insert(value, at: setting.key.split(separator: ".").map(String.init), into: &root)
        }
        return .object(root)
    }

    // MARK: Parsing

    /// The file's members as dotted keys; objects are descended except where a setting takes a whole object.
    static func flatten(_ value: JSONValue, prefix: String = "") -> [(String, JSONValue)] {
        guard case .object(let members) = value else { return [(prefix, value)] }
        if !prefix.isEmpty, settings[prefix]?.kind == .object { return [(prefix, value)] }
        if !prefix.isEmpty, members.isEmpty { return [] }
        return members.sorted { $0.key < $1.key }.flatMap { key, member in
            flatten(member, prefix: prefix.isEmpty ? key : "\(prefix).\(key)")
        }
    }

    private static func insert(_ value: JSONValue, at path: [String], into object: inout [String: JSONValue]) {
        guard let first = path.first else { return }
        if path.count == 1 {
            object[first] = value
            return
        }
        var child = object[first]?.objectValue ?? [:]
        insert(value, at: Array(path.dropFirst()), into: &child)
        object[first] = .object(child)
    }

    /// A value from JSON (file or flag), checked against the setting's kind.
    static func check(_ value: JSONValue, _ setting: ConfigurationSetting, origin: String) throws(ConfigurationError) -> JSONValue {
        switch (setting.kind, value) {
        case (_, .null):
            return .null
        case (.string, .string):
            return value
        case (.integer(let range), .int(let number)):
            guard range.contains(number) else { throw ConfigurationError("\(origin): \(number) is outside \(range.lowerBound)…\(range.upperBound)") }
            return value
        case (.integer(let range), .double(let number)) where number.rounded() == number && range.contains(Int(exactly: number) ?? .min):
            return .int(Int(number))
        case (.number(let range), .int(let number)):
            guard range.contains(Double(number)) else { throw ConfigurationError("\(origin): \(number) is outside \(range.lowerBound)…\(range.upperBound)") }
            return .double(Double(number))
        case (.number(let range), .double(let number)):
            guard range.contains(number) else { throw ConfigurationError("\(origin): \(number) is outside \(range.lowerBound)…\(range.upperBound)") }
            return value
        case (.boolean, .bool):
            return value
        case (.strings, .string(let one)):
            return [.string(one)]
        case (.strings, .array(let items)) where items.allSatisfy({ $0.stringValue != nil }):
            return value
        case (.choice(let choices), .string(let choice)):
            guard choices.contains(choice) else { throw ConfigurationError("\(origin): \"\(choice)\" is not one of \(choices.joined(separator: ", "))") }
            return value
        case (.object, .object):
            return value
        default:
            throw ConfigurationError("\(origin): expected \(describe(setting.kind)), got \(value.typeName)")
        }
    }

    /// A value from an environment variable's text.
    static func parse(_ raw: String, _ setting: ConfigurationSetting, origin: String) throws(ConfigurationError) -> JSONValue {
        switch setting.kind {
        case .string, .choice:
            return try check(.string(raw), setting, origin: origin)
        case .integer:
            guard let number = Int(raw.trimmingCharacters(in: .whitespaces)) else { throw ConfigurationError("\(origin): expected a whole number, got \"\(raw)\"") }
            return try check(.int(number), setting, origin: origin)
        case .number:
            guard let number = Double(raw.trimmingCharacters(in: .whitespaces)) else { throw ConfigurationError("\(origin): expected a number, got \"\(raw)\"") }
            return try check(.double(number), setting, origin: origin)
        case .boolean:
            switch raw.lowercased() {
            case "1", "true", "yes", "on": return .bool(true)
            case "0", "false", "no", "off": return .bool(false)
            default: throw ConfigurationError("\(origin): expected true or false, got \"\(raw)\"")
            }
        case .strings:
            return .array(raw.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 != "" })
        case .object:
            do {
                return try check(try JSONValue(parsing: Array(raw.utf8)), setting, origin: origin)
            } catch let error as ConfigurationError {
                throw error
            } catch {
                throw ConfigurationError("\(origin): expected a JSON object")
            }
        }
    }

    static func describe(_ kind: ConfigurationSetting.Kind) -> String {
        switch kind {
        case .string: "a string"
        case .integer: "a whole number"
        case .number: "a number"
        case .boolean: "true or false"
        case .strings: "a list of strings"
        case .choice(let choices): "one of \(choices.joined(separator: ", "))"
        case .object: "a JSON object"
        }
    }
}
