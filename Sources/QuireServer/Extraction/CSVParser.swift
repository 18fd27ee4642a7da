/// Reads CSV as RFC 4180 describes it: comma-separated fields, records ending in CRLF, LF or CR,
/// fields in double quotes may hold commas, line breaks and `""` for a quote.
struct CSVParser {
    /// A malformed file, with the 1-based line where the problem starts.
    struct Failure: Error, Equatable {
        var line: Int
        var message: String
    }

    /// One record, with the line it starts on.
    struct Record: Equatable {
        var line: Int
        var fields: [String]
    }

    /// Every record of `text`; blank lines between records are skipped.
    static func parse(_ text: String) throws(Failure) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var quoted = false      // inside a quoted field
        var wasQuoted = false   // the current field was quoted; only a separator may follow its close
        var quoteLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar?

        func endRecord() {
            fields.append(field)
            // A record that is one empty unquoted field is a blank line.
            if !(fields.count == 1 && fields[0].isEmpty && !wasQuoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
            wasQuoted = false
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                switch scalar {
                case "\"":
                    let next = iterator.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                case "\r":
                    let next = iterator.next()
                    field.unicodeScalars.append("\r")
                    if next == "\n" { field.unicodeScalars.append("\n") } else { pending = next }
                    line += 1
                case "\n":
                    field.unicodeScalars.append("\n")
                    line += 1
                default:
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                fields.append(field)
                field = ""
                wasQuoted = false
            case "\r", "\n":
                if scalar == "\r" {
                    let next = iterator.next()
                    if next != "\n" { pending = next }
                }
                endRecord()
                line += 1
                recordLine = line
            case "\"":
                guard field.isEmpty, !wasQuoted else {
                    throw Failure(line: line, message: "a quote inside an unquoted field; quote the whole field and double the quote (\"\")")
                }
                quoted = true
                wasQuoted = true
                quoteLine = line
            default:
                guard !wasQuoted else {
                    throw Failure(line: line, message: "text after a closing quote; a quoted field must end at a comma or line end")
                }
                field.unicodeScalars.append(scalar)
            }
        }
        if quoted { throw Failure(line: quoteLine, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}
