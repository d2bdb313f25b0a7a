// Calendar arithmetic for q's temporal types. Every temporal value counts from
// 2000.01.01 (midnight): days for dates, months for months, nanoseconds for timestamps.

/// Calendar helpers for temporal types (proleptic Gregorian).
public enum QCalendar {
    /// Nanoseconds in a day.
    public static let nanosPerDay: Int64 = 86_400_000_000_000

    /// Days since 2000.01.01 for a civil date.
    public static func days(year: Int, month: Int, day: Int) -> Int {
        // Hinnant's days_from_civil, shifted to the 2000 epoch.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468 - 10957
    }

    /// Civil date (year, month, day) for days since 2000.01.01.
    public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 10957 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// True when the civil date exists (month 1…12, day within the month).
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        return day <= daysInMonth(year: year, month: month)
    }

    /// Days in a month of a year.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Floor division, as temporal arithmetic needs for negative offsets.
    /// Never traps: `Int64.min / -1` wraps, as the rest of q's integer arithmetic does.
    @inline(__always)
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        if b == -1 { return 0 &- a }
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q &- 1 : q
    }

    /// Floor modulus matching `floorDiv`.
    @inline(__always)
    public static func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
        if b == -1 { return 0 }
        return a &- floorDiv(a, b) &* b
    }
}
