import Foundation
import MCP

/// One exported metric with its samples, writable as Prometheus text, JSON or CSV.
struct MetricFamily: Sendable {
    enum Kind: String, Sendable { case gauge, summary }

    /// One value with its labels; `suffix` is appended to the family name (`_sum`, `_count`).
    struct Sample: Sendable {
        var suffix: String = ""
        var labels: [(String, String)]
        var value: Double
    }

    /// The full name, e.g. `contextframe_tool_calls`.
    let name: String
    let help: String
    let kind: Kind
    /// `usage`, `performance`, `cost` or `dataset`.
    let category: String
    var samples: [Sample]

    /// Adds `extra` labels to every sample (caller-supplied labels come after the metric's own).
    func labelled(_ extra: [(String, String)]) -> MetricFamily {
        var copy = self
        copy.samples = samples.map { sample in
            var sample = sample
            sample.labels += extra
            return sample
        }
        return copy
    }

    // MARK: - Prometheus text exposition format 0.0.4

    static func prometheus(_ families: [MetricFamily]) -> String {
        var lines: [String] = []
        for family in families {
            lines.append("# HELP \(family.name) \(escapeHelp(family.help))")
            lines.append("# TYPE \(family.name) \(family.kind.rawValue)")
            for sample in family.samples {
                let labels = sample.labels.isEmpty
                    ? ""
                    : "{" + sample.labels.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
                lines.append("\(family.name)\(sample.suffix)\(labels) \(number(sample.value))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func escapeHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func escapeLabel(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// A sample value as Prometheus writes it: integers without a fraction, `NaN`/`+Inf` spelled out.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    // MARK: - JSON and CSV

    static func json(_ families: [MetricFamily]) -> JSONValue {
        .array(families.map { family in
            [
                "name": .string(family.name), "type": .string(family.kind.rawValue), "help": .string(family.help),
                "category": .string(family.category),
                "samples": .array(family.samples.map { sample in
                    [
                        "name": .string(family.name + sample.suffix),
                        "labels": .object(Dictionary(sample.labels.map { ($0.0, JSONValue.string($0.1)) }, uniquingKeysWith: { $1 })),
                        "value": .double(sample.value.isFinite ? sample.value : 0),
                    ]
                }),
            ]
        })
    }

    /// RFC 4180 CSV: `metric,type,category,labels,value`, labels as `name=value` pairs joined by `;`.
    static func csv(_ families: [MetricFamily]) -> String {
        var rows = ["metric,type,category,labels,value"]
        for family in families {
            for sample in family.samples {
                let labels = sample.labels.map { "\($0.0)=\($0.1)" }.joined(separator: ";")
                rows.append([family.name + sample.suffix, family.kind.rawValue, family.category, labels, number(sample.value)].map(csvField).joined(separator: ","))
            }
        }
        return rows.joined(separator: "\r\n") + "\r\n"
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
