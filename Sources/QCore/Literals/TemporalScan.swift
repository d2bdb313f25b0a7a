// Text → temporal values, for tok (`"P"$…`, `"D"$…`) and for literals with a temporal
// type suffix (`12:00t`, `2000.01.01p`), which q reads the same way.

/// Seconds from 1970.01.01 (the Unix epoch) to 2000.01.01 (q's epoch).
private let unixEpochOffsetSeconds: Int64 = 946_684_800
/// Nanoseconds in a day.
private let nanosPerDay = QCalendar.nanosPerDay

enum TemporalScan {
    /// Date and time of day as nanoseconds since 2000.01.01D00:00.
    ///
    /// Accepts a tok date followed by `D`, `T`, a blank or (`yyyymmdd-hh:mm…`) any single
    /// separator, then a tok clock (`scanClock`); a date alone (midnight); a clock alone (on
    /// 2000.01.01); and Unix seconds as 9…11 digits, optionally with a fraction.
    static func timestampNanos(_ b: Bytes, _ lo: Int, _ hi: Int, dayFirst: Bool) -> Scan<Int64> {
        guard lo < hi else { return .malformed }
        if let unix = unixSeconds(b, lo, hi) { return unix }
        if let split = dateTimeSplit(b, lo, hi) {
            guard split.dateEnd > lo else { return clockOnly(b, split.timeStart, hi) }
            let date = scanDate(b, lo, split.dateEnd, dayFirst: dayFirst)
            var clock: Int64 = 0
            if split.timeStart < hi {
                guard let c = scanClock(b, split.timeStart, hi) else { return .malformed }
                guard let ns = c.nanos else { return .invalid }
                clock = ns
            }
            return combine(date, clock)
        }
        switch scanDate(b, lo, hi, dayFirst: dayFirst) {
        case .malformed: return clockOnly(b, lo, hi)
        case let date: return combine(date, 0)
        }
    }

    /// Where the date ends and the clock starts: at a `D` or `T` between digits (or
    /// ending the text), at a blank, or at the separator before the digits that lead to
    /// the first colon. nil when there is no clock part.
    private static func dateTimeSplit(_ b: Bytes, _ lo: Int, _ hi: Int) -> (dateEnd: Int, timeStart: Int)? {
        var firstColon = -1
        for i in lo..<hi {
            let c = b[i]
            if (c == Ascii.upperD || c == Ascii.upperT) && i > lo && isDigit(b[i - 1])
                && (i + 1 == hi || isDigit(b[i + 1])) {
                return (i, i + 1)
            }
            if c == Ascii.space { return (i, i + 1) }
            if c == Ascii.colon && firstColon < 0 { firstColon = i }
        }
        guard firstColon >= 0 else { return nil }
        var j = firstColon - 1
        while j >= lo && isDigit(b[j]) { j -= 1 }
        // No separator before the hours: the whole text is a clock.
        return j < lo ? (lo, lo) : (j, j + 1)
    }

    private static func clockOnly(_ b: Bytes, _ lo: Int, _ hi: Int) -> Scan<Int64> {
        guard let c = scanClock(b, lo, hi) else { return .malformed }
        guard let ns = c.nanos else { return .invalid }
        return .value(ns)
    }

    private static func combine(_ date: Scan<Int32>, _ clock: Int64) -> Scan<Int64> {
        switch date {
        case .malformed: return .malformed
        case .invalid: return .invalid
        case .value(let days):
            // Outside 1707…2292 a timestamp cannot hold the instant.
            return instantNanos(days: days, clock: clock).map { .value($0) } ?? .invalid
        }
    }

    /// Unix seconds: 9…11 digits, optionally `.` and a fraction of a second.
    private static func unixSeconds(_ b: Bytes, _ lo: Int, _ hi: Int) -> Scan<Int64>? {
        let end = digitRunEnd(b, lo, hi)
        guard (9...11).contains(end - lo) else { return nil }
        var fraction: Int64 = 0
        if end < hi {
            guard b[end] == Ascii.dot, let f = fractionNanos(b, end + 1, hi) else { return nil }
            fraction = f
        }
        // At most 11 digits: always fits.
        let seconds = Int64(parseDigits(b, lo, end)!)
        let (ns, o) = (seconds - unixEpochOffsetSeconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !o else { return .invalid }
        let (t, o2) = ns.addingReportingOverflow(fraction)
        return o2 ? .invalid : .value(t)
    }

    /// A datetime: days since 2000.01.01 with the time of day as the fraction, kept to the
    /// millisecond as datetimes are.
    static func datetimeDays(_ b: Bytes, _ lo: Int, _ hi: Int, dayFirst: Bool) -> Scan<Double> {
        switch timestampNanos(b, lo, hi, dayFirst: dayFirst) {
        case .malformed: return .malformed
        case .invalid: return .invalid
        case .value(let ns):
            let days = QCalendar.floorDiv(ns, nanosPerDay)
            let millis = (ns - days * nanosPerDay) / 1_000_000
            return .value(Double(days) + Double(millis) / 86_400_000)
        }
    }

    /// A timespan: `[-]d…dD[clock]` (`1D`, `0D12:00:00.000000001`) or a tok clock; a
    /// leading `-` negates the whole span.
    static func timespanNanos(_ b: Bytes, _ lo: Int, _ hi: Int) -> Scan<Int64> {
        var start = lo
        let negative = start < hi && b[start] == Ascii.minus
        if negative { start += 1 }
        guard start < hi else { return .malformed }
        let dayEnd = digitRunEnd(b, start, hi)
        var total: Int64
        if dayEnd > start && dayEnd < hi && b[dayEnd] == Ascii.upperD {
            guard let days = parseDigits(b, start, dayEnd) else { return .invalid }
            var clock: Int64 = 0
            if dayEnd + 1 < hi {
                guard let c = scanClock(b, dayEnd + 1, hi) else { return .malformed }
                guard let ns = c.nanos else { return .invalid }
                clock = ns
            }
            guard days <= UInt64(Int64.max / nanosPerDay) else { return .invalid }
            let (t, o) = (Int64(days) * nanosPerDay).addingReportingOverflow(clock)
            guard !o else { return .invalid }
            total = t
        } else {
            guard let c = scanClock(b, start, hi) else { return .malformed }
            guard let ns = c.nanos else { return .invalid }
            total = ns
        }
        return .value(negative ? -total : total)
    }

    /// A time of day in `unit` nanoseconds (minutes, seconds or milliseconds), truncated
    /// toward zero; `[-]` then a tok clock.
    static func clockUnits(_ b: Bytes, _ lo: Int, _ hi: Int, unit: Int64) -> Scan<Int32> {
        var start = lo
        let negative = start < hi && b[start] == Ascii.minus
        if negative { start += 1 }
        guard let c = scanClock(b, start, hi) else { return .malformed }
        guard let ns = c.nanos else { return .invalid }
        let v = ns / unit
        guard v < Int64(Int32.max) else { return .invalid }
        return .value(Int32(negative ? -v : v))
    }

    /// The scalar of temporal `type` for the text, as tok reads it.
    static func scalar(_ type: QType, _ b: Bytes, _ lo: Int, _ hi: Int, dayFirst: Bool) -> Scan<QScalar> {
        switch type {
        case .timestamp: return map(timestampNanos(b, lo, hi, dayFirst: dayFirst)) { .j($0) }
        case .month: return map(scanMonth(b, lo, hi)) { .i($0) }
        case .date: return map(scanDate(b, lo, hi, dayFirst: dayFirst)) { .i($0) }
        case .datetime: return map(datetimeDays(b, lo, hi, dayFirst: dayFirst)) { .f($0) }
        case .timespan: return map(timespanNanos(b, lo, hi)) { .j($0) }
        case .minute: return map(clockUnits(b, lo, hi, unit: 60_000_000_000)) { .i($0) }
        case .second: return map(clockUnits(b, lo, hi, unit: 1_000_000_000)) { .i($0) }
        case .time: return map(clockUnits(b, lo, hi, unit: 1_000_000)) { .i($0) }
        default: return .malformed
        }
    }

    @inline(__always)
    private static func map<T>(_ s: Scan<T>, _ f: (T) -> QScalar) -> Scan<QScalar> {
        switch s {
        case .value(let v): return .value(f(v))
        case .invalid: return .invalid
        case .malformed: return .malformed
        }
    }
}
