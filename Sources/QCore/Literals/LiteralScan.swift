// Byte-level scanners shared by the literal parser (`QLiteral.parseToken`) and tok
// (`QLiteral.tok`): digits, decimal floats, clock times and calendar dates.
//
// Every scanner takes a buffer and a half-open range `lo..<hi`, so callers can parse
// part of a token (the date before a `D`, the clock after it) without copying.

typealias Bytes = UnsafeBufferPointer<UInt8>

/// ASCII codes the scanners compare against.
enum Ascii {
    static let zero: UInt8 = 0x30
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let minus: UInt8 = 0x2D
    static let plus: UInt8 = 0x2B
    static let space: UInt8 = 0x20
    static let slash: UInt8 = 0x2F
    static let upperD: UInt8 = 0x44
    static let upperE: UInt8 = 0x45
    static let upperN: UInt8 = 0x4E
    static let upperT: UInt8 = 0x54
    static let upperW: UInt8 = 0x57
    static let lowerB: UInt8 = 0x62
    static let lowerE: UInt8 = 0x65
    static let lowerN: UInt8 = 0x6E
    static let lowerW: UInt8 = 0x77
    static let lowerX: UInt8 = 0x78
}

/// The outcome of scanning text that may be well formed yet name an impossible value
/// (`2001.02.30`, `12:61`): q gives the typed null for those, and the literal parser
/// must tell them apart from text that is not a literal at all.
enum Scan<T> {
    case value(T)
    /// Well formed, but out of range or not a real date or time: the typed null.
    case invalid
    /// Not this kind of text.
    case malformed
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c &- Ascii.zero < 10 }

@inline(__always) func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }

/// End of the run of decimal digits that starts at `i` (may be `i` itself).
@inline(__always)
func digitRunEnd(_ b: Bytes, _ i: Int, _ hi: Int) -> Int {
    var j = i
    while j < hi && isDigit(b[j]) { j += 1 }
    return j
}

/// The unsigned value of the digits `b[lo..<hi]`; nil when the range is empty, holds a
/// non-digit, or overflows `UInt64`.
func parseDigits(_ b: Bytes, _ lo: Int, _ hi: Int) -> UInt64? {
    guard lo < hi else { return nil }
    var v: UInt64 = 0
    for i in lo..<hi {
        let d = b[i] &- Ascii.zero
        guard d < 10 else { return nil }
        let (m, o1) = v.multipliedReportingOverflow(by: 10)
        let (s, o2) = m.addingReportingOverflow(UInt64(d))
        if o1 || o2 { return nil }
        v = s
    }
    return v
}

/// Small digit fields (months, days, minutes): at most 9 digits, so no overflow check.
@inline(__always)
func smallNumber(_ b: Bytes, _ lo: Int, _ hi: Int) -> Int {
    var v = 0
    for i in lo..<hi { v = v * 10 + Int(b[i] &- Ascii.zero) }
    return v
}

/// Nanoseconds for the fraction digits `b[lo..<hi]` (after the point): the first nine
/// count, later ones are dropped, as q truncates rather than rounds. nil on a non-digit.
func fractionNanos(_ b: Bytes, _ lo: Int, _ hi: Int) -> Int64? {
    var v: Int64 = 0
    var scale: Int64 = 100_000_000
    for i in lo..<hi {
        let d = b[i] &- Ascii.zero
        guard d < 10 else { return nil }
        if scale > 0 { v += Int64(d) * scale; scale /= 10 }
    }
    return v
}

/// The range with leading and trailing blanks removed.
@inline(__always)
func trimSpaces(_ b: Bytes, _ lo: Int, _ hi: Int) -> (Int, Int) {
    var l = lo, h = hi
    while l < h && b[l] == Ascii.space { l += 1 }
    while h > l && b[h - 1] == Ascii.space { h -= 1 }
    return (l, h)
}

// MARK: - Decimal floating point

/// Exact powers of ten representable as `Double`.
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

/// Parses an unsigned decimal float `digits[.digits][e[±]digits]` (also `.5` and `5.`).
/// `lenient` also takes an upper-case `E` and a `+` in the exponent, as tok does.
/// nil when the text is not of that form.
func parseUnsignedDouble(_ b: Bytes, _ lo: Int, _ hi: Int, lenient: Bool) -> Double? {
    var i = lo
    var mantissa: UInt64 = 0
    var mantissaDigits = 0      // significant digits folded into `mantissa`
    var droppedDigits = false   // digits that did not fit: take the slow path
    var exponent = 0            // decimal exponent applied to `mantissa`
    var sawDigit = false
    while i < hi, isDigit(b[i]) {
        sawDigit = true
        accumulate(b[i], &mantissa, &mantissaDigits, &droppedDigits, &exponent, fractional: false)
        i += 1
    }
    if i < hi && b[i] == Ascii.dot {
        i += 1
        while i < hi, isDigit(b[i]) {
            sawDigit = true
            accumulate(b[i], &mantissa, &mantissaDigits, &droppedDigits, &exponent, fractional: true)
            i += 1
        }
    }
    guard sawDigit else { return nil }
    if i < hi {
        guard b[i] == Ascii.lowerE || (lenient && b[i] == Ascii.upperE) else { return nil }
        i += 1
        var negative = false
        if i < hi && (b[i] == Ascii.minus || (lenient && b[i] == Ascii.plus)) {
            negative = b[i] == Ascii.minus
            i += 1
        }
        let start = i
        var e = 0
        while i < hi, isDigit(b[i]) {
            if e < 100_000 { e = e * 10 + Int(b[i] &- Ascii.zero) }
            i += 1
        }
        guard i > start, i == hi else { return nil }
        exponent += negative ? -e : e
    }
    // Clinger's fast path: an exact mantissa times an exact power of ten rounds once.
    if !droppedDigits && mantissa < (1 << 53) && abs(exponent) <= 22 {
        let m = Double(mantissa)
        return exponent >= 0 ? m * exactPowersOfTen[exponent] : m / exactPowersOfTen[-exponent]
    }
    if mantissa == 0 && !droppedDigits { return 0 }
    // The standard library's conversion is correctly rounded; the text is already validated.
    return Double(String(decoding: UnsafeBufferPointer(rebasing: b[lo..<hi]), as: UTF8.self))
}

@inline(__always)
private func accumulate(_ c: UInt8, _ m: inout UInt64, _ count: inout Int, _ dropped: inout Bool,
                        _ exponent: inout Int, fractional: Bool) {
    let d = UInt64(c &- Ascii.zero)
    if count < 19 {
        if m == 0 && d == 0 {
            // Leading zeros are not significant.
            if fractional { exponent -= 1 }
            return
        }
        m = m * 10 + d
        count += 1
        if fractional { exponent -= 1 }
    } else {
        if d != 0 { dropped = true }
        if !fractional { exponent += 1 }
    }
}

// MARK: - Clock times

/// A time of day as written, split into its fields.
struct Clock {
    var hours: Int64
    var minutes: Int64
    var seconds: Int64
    var fraction: Int64        // nanoseconds
    var fields: Int            // 1 (hours only), 2 (hh:mm) or 3 (hh:mm:ss)
    var fractionDigits: Int    // digits after the point, 0 when there is none

    /// Total nanoseconds; nil when minutes or seconds are 60 or more, or on overflow.
    var nanos: Int64? {
        guard minutes < 60 && seconds < 60 else { return nil }
        let (h, o1) = hours.multipliedReportingOverflow(by: 3_600_000_000_000)
        guard !o1 else { return nil }
        let rest = (minutes * 60 + seconds) * 1_000_000_000 + fraction
        let (t, o2) = h.addingReportingOverflow(rest)
        return o2 ? nil : t
    }
}

/// `h…h:mm`, `h…h:mm:ss` or `h…h:mm:ss.f…`: hours of one or more digits, then two-digit
/// minutes and seconds. The whole range must be consumed.
func scanColonClock(_ b: Bytes, _ lo: Int, _ hi: Int) -> Clock? {
    let hEnd = digitRunEnd(b, lo, hi)
    guard hEnd > lo, hEnd - lo <= 9, hEnd < hi, b[hEnd] == Ascii.colon else { return nil }
    var c = Clock(hours: Int64(smallNumber(b, lo, hEnd)), minutes: 0, seconds: 0,
                  fraction: 0, fields: 2, fractionDigits: 0)
    var i = hEnd + 1
    guard i + 2 <= hi, isDigit(b[i]), isDigit(b[i + 1]) else { return nil }
    c.minutes = Int64(smallNumber(b, i, i + 2))
    i += 2
    if i == hi { return c }
    guard b[i] == Ascii.colon, i + 3 <= hi, isDigit(b[i + 1]), isDigit(b[i + 2]) else { return nil }
    c.seconds = Int64(smallNumber(b, i + 1, i + 3))
    c.fields = 3
    i += 3
    if i == hi { return c }
    guard b[i] == Ascii.dot, i + 1 < hi, let f = fractionNanos(b, i + 1, hi) else { return nil }
    c.fraction = f
    c.fractionDigits = hi - i - 1
    return c
}

/// A time as tok reads it, `hh[:]mm[:]ss[[.]fff…]` (ref/file-text.md): each colon may be
/// left out (`123456789` is 12:34:56.789), later fields may be missing (`12`, `12:34`),
/// a point may start a fraction after any field (`2013.02` is 20:13:00.02), and without a
/// point the digits after the seconds are the fraction. Hours written before a colon may
/// have any number of digits (`100:00`); otherwise they are two digits (or one alone).
func scanClock(_ b: Bytes, _ lo: Int, _ hi: Int) -> Clock? {
    let run = digitRunEnd(b, lo, hi)
    let n = run - lo
    guard n > 0 else { return nil }
    var c = Clock(hours: 0, minutes: 0, seconds: 0, fraction: 0, fields: 1, fractionDigits: 0)
    var i: Int
    var needMinutes = false
    if run < hi && b[run] == Ascii.colon {
        guard n <= 9 else { return nil }
        c.hours = Int64(smallNumber(b, lo, run))
        i = run + 1
        needMinutes = true
    } else if n <= 2 {
        c.hours = Int64(smallNumber(b, lo, run))
        i = run
    } else {
        c.hours = Int64(smallNumber(b, lo, lo + 2))
        i = lo + 2
    }
    if needMinutes || (i < hi && isDigit(b[i])) {
        guard twoDigits(b, i, hi) else { return nil }
        c.minutes = Int64(smallNumber(b, i, i + 2))
        c.fields = 2
        i += 2
        var needSeconds = false
        if i < hi && b[i] == Ascii.colon { i += 1; needSeconds = true }
        if needSeconds || (i < hi && isDigit(b[i])) {
            guard twoDigits(b, i, hi) else { return nil }
            c.seconds = Int64(smallNumber(b, i, i + 2))
            c.fields = 3
            i += 2
            if i < hi && isDigit(b[i]) {
                // Digits straight after the seconds are the fraction.
                guard let f = fractionNanos(b, i, hi) else { return nil }
                c.fraction = f
                c.fractionDigits = hi - i
                return c
            }
        }
    }
    if i == hi { return c }
    guard b[i] == Ascii.dot, let f = fractionNanos(b, i + 1, hi) else { return nil }
    c.fraction = f
    c.fractionDigits = hi - i - 1
    return c
}

@inline(__always)
private func twoDigits(_ b: Bytes, _ i: Int, _ hi: Int) -> Bool {
    i + 2 <= hi && isDigit(b[i]) && isDigit(b[i + 1])
}

/// A clock in a literal after `D` or `T`: the colon form, hours alone in one or two
/// digits (`2000.01.01D12`), or nothing.
func scanLiteralClock(_ b: Bytes, _ lo: Int, _ hi: Int) -> Clock? {
    if let c = scanColonClock(b, lo, hi) { return c }
    let n = hi - lo
    guard n == 1 || n == 2, digitRunEnd(b, lo, hi) == hi else { return nil }
    return Clock(hours: Int64(smallNumber(b, lo, hi)), minutes: 0, seconds: 0, fraction: 0,
                 fields: 1, fractionDigits: 0)
}

// MARK: - Calendar dates

/// Nanoseconds since 2000.01.01D00:00 for a day and a time into it; nil when a timestamp
/// cannot hold it (the null `Int64.min` included). Before 2000 the day's start may lie
/// outside the range while the instant itself is inside (`1707.09.22D00:12:43.145224194`),
/// so the product is taken one day nearer zero.
func instantNanos(days: Int32, clock: Int64) -> Int64? {
    let d = Int64(days)
    let nanosPerDay = QCalendar.nanosPerDay
    let (base, o1) = (d < 0 ? d + 1 : d).multipliedReportingOverflow(by: nanosPerDay)
    let (t, o2) = base.addingReportingOverflow(d < 0 ? clock - nanosPerDay : clock)
    return o1 || o2 || t == Int64.min ? nil : t
}

/// Days since 2000.01.01 for a civil date in q's range 0001.01.01…9999.12.31.
@inline(__always)
func civilDays(year: Int, month: Int, day: Int) -> Scan<Int32> {
    guard (1...9999).contains(year), QCalendar.isValid(year: year, month: month, day: day) else {
        return .invalid
    }
    return .value(Int32(QCalendar.days(year: year, month: month, day: day)))
}

/// The literal shape `yyyy.mm.dd`: exactly four, two and two digits.
func scanLiteralDate(_ b: Bytes, _ lo: Int, _ hi: Int) -> Scan<Int32> {
    guard hi - lo == 10, b[lo + 4] == Ascii.dot, b[lo + 7] == Ascii.dot else { return .malformed }
    for i in lo..<hi where i != lo + 4 && i != lo + 7 {
        guard isDigit(b[i]) else { return .malformed }
    }
    return civilDays(year: smallNumber(b, lo, lo + 4), month: smallNumber(b, lo + 5, lo + 7),
                     day: smallNumber(b, lo + 8, lo + 10))
}

/// A piece of a date as tok splits it: a digit run, a letter run, or a separator.
private enum DatePiece {
    case number(value: Int, digits: Int)
    case word(month: Int?)   // a three-letter month name, or nil for any other word
    case separator(UInt8)
}

/// Splits `b[lo..<hi]` into at most five date pieces; nil on any other character.
private func datePieces(_ b: Bytes, _ lo: Int, _ hi: Int) -> [DatePiece]? {
    var pieces: [DatePiece] = []
    pieces.reserveCapacity(5)
    var i = lo
    while i < hi {
        guard pieces.count < 5 else { return nil }
        let c = b[i]
        if isDigit(c) {
            let end = digitRunEnd(b, i, hi)
            guard end - i <= 9 else { return nil }
            pieces.append(.number(value: smallNumber(b, i, end), digits: end - i))
            i = end
        } else if isLetter(c) {
            var end = i
            while end < hi && isLetter(b[end]) { end += 1 }
            pieces.append(.word(month: end - i == 3 ? monthNumber(b[i], b[i + 1], b[i + 2]) : nil))
            i = end
        } else if c == Ascii.dot || c == Ascii.minus || c == Ascii.slash {
            pieces.append(.separator(c))
            i += 1
        } else {
            return nil
        }
    }
    return pieces
}

/// 1…12 for a case-insensitive three-letter English month name.
private func monthNumber(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
    let key = (UInt32(a | 0x20) << 16) | (UInt32(b | 0x20) << 8) | UInt32(c | 0x20)
    let names: [UInt32] = [0x6a616e, 0x666562, 0x6d6172, 0x617072, 0x6d6179, 0x6a756e,
                           0x6a756c, 0x617567, 0x736570, 0x6f6374, 0x6e6f76, 0x646563]
    return names.firstIndex(of: key).map { $0 + 1 }
}

/// A two-digit year: 00…49 are 2000…2049, 50…99 are 1950…1999.
@inline(__always)
private func widenYear(_ value: Int, digits: Int) -> Int? {
    switch digits {
    case 4: return value
    case 2: return value < 50 ? 2000 + value : 1900 + value
    default: return nil
    }
}

/// A month field: one or two digits, or a three-letter name.
@inline(__always)
private func monthField(_ p: DatePiece) -> Int? {
    switch p {
    case .number(let v, let d) where d <= 2: return v
    case .word(let m): return m
    default: return nil
    }
}

/// A day field: one or two digits.
@inline(__always)
private func dayField(_ p: DatePiece) -> Int? {
    if case .number(let v, let d) = p, d <= 2 { return v }
    return nil
}

/// Dates as tok reads them: `yyyymmdd`, `yymmdd`, `ddMMMyyyy`, `ddMMMyy`,
/// `yyyy?mm?dd`, `yyyy?MMM?dd` and, by the `\z` setting, `mm?dd?[yy]yy` or
/// `dd?mm?[yy]yy`, where `?` is one of `.`, `-`, `/` (the same both times) and `MMM` a
/// month name.
func scanDate(_ b: Bytes, _ lo: Int, _ hi: Int, dayFirst: Bool) -> Scan<Int32> {
    // The usual `yyyy?mm?dd` without building pieces.
    if hi - lo == 10 {
        let s = b[lo + 4]
        if s == b[lo + 7] && (s == Ascii.dot || s == Ascii.minus || s == Ascii.slash)
            && digitRunEnd(b, lo, lo + 4) == lo + 4 && digitRunEnd(b, lo + 5, lo + 7) == lo + 7
            && digitRunEnd(b, lo + 8, hi) == hi {
            return civilDays(year: smallNumber(b, lo, lo + 4), month: smallNumber(b, lo + 5, lo + 7),
                             day: smallNumber(b, lo + 8, hi))
        }
    }
    guard let p = datePieces(b, lo, hi) else { return .malformed }
    var year = 0, month = 0, day = 0
    switch p.count {
    case 1:
        guard case .number(let v, let d) = p[0] else { return .malformed }
        switch d {
        case 8: (year, month, day) = (v / 10_000, v / 100 % 100, v % 100)
        case 6: (year, month, day) = (widenYear(v / 10_000, digits: 2)!, v / 100 % 100, v % 100)
        default: return .malformed
        }
    case 3:
        guard let dd = dayField(p[0]), case .word(let mm?) = p[1],
              case .number(let v, let d) = p[2], let yy = widenYear(v, digits: d) else { return .malformed }
        (year, month, day) = (yy, mm, dd)
    case 5:
        guard case .separator(let s1) = p[1], case .separator(let s2) = p[3], s1 == s2 else { return .malformed }
        let yearFirst: Bool
        if case .number(_, 4) = p[0] {
            yearFirst = true
        } else if case .number(_, 2) = p[0], case .number(_, let d3) = p[4], d3 <= 2, s1 != Ascii.slash {
            // `yy.mm.dd`, `yy-mm-dd`; with slashes two-digit fields are `mm/dd/yy`.
            yearFirst = true
        } else {
            yearFirst = false
        }
        if yearFirst {
            guard case .number(let v, let d) = p[0], let yy = widenYear(v, digits: d),
                  let mm = monthField(p[2]), let dd = dayField(p[4]) else { return .malformed }
            (year, month, day) = (yy, mm, dd)
        } else {
            guard case .number(let v, let d) = p[4], let yy = widenYear(v, digits: d) else { return .malformed }
            let m = dayFirst ? monthField(p[2]) : monthField(p[0])
            let dd = dayFirst ? dayField(p[0]) : dayField(p[2])
            guard let mm = m, let dd else { return .malformed }
            (year, month, day) = (yy, mm, dd)
        }
    default:
        return .malformed
    }
    return civilDays(year: year, month: month, day: day)
}

/// Months since 2000.01 from `[yy]yy[?]mm` (ref/file-text.md): `yyyy.mm`, `yyyymm`,
/// `yy.mm`, `yymm`, with `.`, `-` or `/` as the separator.
func scanMonth(_ b: Bytes, _ lo: Int, _ hi: Int) -> Scan<Int32> {
    let yearEnd = digitRunEnd(b, lo, hi)
    var yearDigits = yearEnd - lo
    var monthStart = yearEnd
    if yearEnd == hi {
        // No separator: the month is the last two digits.
        guard yearDigits == 6 || yearDigits == 4 else { return .malformed }
        yearDigits -= 2
        monthStart = lo + yearDigits
    } else {
        let s = b[yearEnd]
        guard s == Ascii.dot || s == Ascii.minus || s == Ascii.slash else { return .malformed }
        monthStart = yearEnd + 1
    }
    let monthDigits = hi - monthStart
    guard monthDigits == 1 || monthDigits == 2, digitRunEnd(b, monthStart, hi) == hi,
          let year = widenYear(smallNumber(b, lo, lo + yearDigits), digits: yearDigits) else { return .malformed }
    let month = smallNumber(b, monthStart, hi)
    guard (1...9999).contains(year), (1...12).contains(month) else { return .invalid }
    return .value(Int32((year - 2000) * 12 + month - 1))
}
