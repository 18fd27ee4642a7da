import ArgumentParser
import QuireServer

extension Serve {
    /// `--config-reference`: the settings table, then a row for every other option of
    /// `quire serve --help` (taken from the command's own help text, so no option is left out).
    static var referenceMarkdown: String {
        let settingFlags = Set(ConfigurationSetting.all.compactMap(\.flag))
        let rows = commandLineOptions().filter { !settingFlags.contains($0.flag) }.map { option in
            let environment = option.environment.map { "`\($0)`" } ?? "—"
            let type = option.value.map { "`\($0)`" } ?? "flag"
            let fallback = option.defaultValue.map { "`\($0)`" } ?? "—"
            return "| — | \(environment) | `\(option.flag)` | \(type) | \(fallback) | \(option.help.replacingOccurrences(of: "|", with: "\\|")) |"
        }
        return ConfigurationSetting.referenceMarkdown + rows.joined(separator: "\n") + "\n"
    }

    /// One option as `--help` shows it.
    struct HelpOption {
        var flag: String
        var value: String?
        var help: String
        var defaultValue: String?
        var environment: String?
    }

    /// The options of `quire serve --help` (without --help and --version), parsed from the help
    /// text printed wide enough that every description is on one line.
    static func commandLineOptions() -> [HelpOption] {
        // An option line is "  NAMES [<value>]  help", the help on the next line when the names
        // fill the label column.
        var entries: [(names: [String], value: String?, help: String)] = []
        for line in helpMessage(columns: 10_000).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  -") {
                var words = line.split(separator: " ", omittingEmptySubsequences: false).drop { $0.isEmpty }
                var names: [String] = []
                while let word = words.first, word.hasPrefix("-") {
                    names.append(word.trimmingCharacters(in: [","]))
                    words = words.dropFirst()
                }
                var value: String?
                if let word = words.first, word.hasPrefix("<") {
                    value = String(word)
                    words = words.dropFirst()
                }
                entries.append((names, value, words.joined(separator: " ").trimmingCharacters(in: .whitespaces)))
            } else if line.hasPrefix("    "), let last = entries.indices.last, entries[last].help.isEmpty {
                entries[last].help = line.trimmingCharacters(in: .whitespaces)
            }
        }
        return entries.compactMap { entry in
            guard let flag = entry.names.first(where: { $0.hasPrefix("--") }), flag != "--help", flag != "--version" else { return nil }
            let value = entry.value
            var help = entry.help
            var defaultValue: String?
            if let range = help.range(of: " (default: ", options: .backwards), help.hasSuffix(")") {
                defaultValue = String(help[range.upperBound..<help.index(before: help.endIndex)])
                help = String(help[..<range.lowerBound])
            }
            if let range = help.range(of: " (values: ", options: .backwards), help.hasSuffix(")") {
                help = String(help[..<range.lowerBound])
            }
            let environment = help.split(separator: "$").dropFirst().first.map { String($0.prefix { $0.isUppercase || $0 == "_" }) }
            return HelpOption(flag: flag, value: value, help: help, defaultValue: defaultValue, environment: environment.flatMap { $0.isEmpty ? nil : $0 })
        }
    }
}
