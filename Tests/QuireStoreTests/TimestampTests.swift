import Foundation
import Testing
import QuireStore

@Suite("Timestamps")
struct TimestampTests {
    @Test func formatsUTCWithMilliseconds() {
        let date = Date(timeIntervalSince1970: 1_751_724_202.417)
        #expect(Timestamp.format(date) == "2025-07-05T14:03:22.417Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -0.001)) == "1969-12-31T23:59:59.999Z")
        // Sub-millisecond digits are truncated, never rounded up past a later instant.
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1.9996)) == "1970-01-01T00:00:01.999Z")
    }

    @Test(arguments: [
        ("2025-07-05T14:03:22.417Z", 1_751_724_202_417),
        ("2025-07-05T14:03:22Z", 1_751_724_202_000),
        ("2025-07-05t14:03:22.4z", 1_751_724_202_400),
        ("2025-07-05 14:03:22.417123456Z", 1_751_724_202_417),
        ("2025-07-05T16:03:22.417+02:00", 1_751_724_202_417),
        ("2025-07-05T09:33:22.417-04:30", 1_751_724_202_417),
        ("2025-07-05", 1_751_673_600_000),
        ("2024-02-29", 1_709_164_800_000),
    ])
    func parsesAcceptedForms(text: String, milliseconds: Int64) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(Int64((date.timeIntervalSince1970 * 1000).rounded()) == milliseconds)
    }

    @Test(arguments: [
        "", "2025", "2025-7-5", "2025-13-01", "2025-02-29", "2025-07-32", "2025-07-05T24:00:00Z",
        "2025-07-05T14:03Z", "2025-07-05T14:03:22", "2025-07-05T14:03:22.Z", "2025-07-05T14:03:22+0200",
        "2025-07-05T14:03:22Z junk", "yesterday", "2025-07-05T14:03:22.1234567890Z",
    ])
    func rejectsOtherText(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func roundTripsAndOrdersLexically() throws {
        var random = SeededRandom(seed: 7)
        var previous: (Date, String)?
        for _ in 0..<200 {
            let seconds = Double(UInt64.random(in: 0...253_402_300_799, using: &random))
                + Double(Int.random(in: 0...999, using: &random)) / 1000
            let date = Timestamp.truncatedToMilliseconds(Date(timeIntervalSince1970: seconds))
            let text = Timestamp.format(date)
            #expect(text.count == 24)
            #expect(Timestamp.parse(text) == date)
            if let (otherDate, otherText) = previous {
                #expect((date < otherDate) == (text < otherText))
            }
            previous = (date, text)
        }
    }
}
