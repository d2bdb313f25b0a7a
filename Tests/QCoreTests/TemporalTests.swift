import XCTest
@testable import QCore

final class TemporalTests: XCTestCase {
    func testCivilRoundTrip() {
        XCTAssertEqual(QCalendar.days(year: 2000, month: 1, day: 1), 0)
        XCTAssertEqual(QCalendar.days(year: 1999, month: 12, day: 31), -1)
        XCTAssertEqual(QCalendar.days(year: 2001, month: 1, day: 1), 366)
        for d in stride(from: -800_000, to: 3_000_000, by: 997) {
            let c = QCalendar.civil(days: d)
            XCTAssertEqual(QCalendar.days(year: c.year, month: c.month, day: c.day), d)
        }
    }

    func testGUIDText() {
        let s = "8c680a01-5a49-5aab-5a65-d4bfddb6a661"
        XCTAssertEqual(QGUID(string: s)?.string, s)
        XCTAssertNil(QGUID(string: "8c680a01"))
    }
}
