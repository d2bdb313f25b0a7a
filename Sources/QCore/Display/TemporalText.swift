// Text of temporal values (no nulls or infinities: those are decided by the caller).
// Every type counts from 2000.01.01; dates outside 0001.01.01…9999.12.31 print as
// 0000.00.00, as q does.

/// Writers for the eight temporal types.
enum TemporalText {
    private static let msPerDay: Int64 = 86_400_000

    /// Appends `YYYY.MM.DD` for days since 2000.01.01.
    static func appendDate(days: Int64, to out: inout [UInt8]) {
        // Clamp before converting so absurd day counts cannot overflow the calendar maths.
        guard days > -800_000, days < 3_000_000 else { out.append(contentsOf: zeroDate); return }
        let c = QCalendar.civil(days: Int(days))
        guard c.year >= 1 && c.year <= 9999 else { out.append(contentsOf: zeroDate); return }
        NumberText.appendPadded(Int64(c.year), width: 4, to: &out)
        out.append(UInt8(ascii: "."))
        NumberText.appendPadded(Int64(c.month), width: 2, to: &out)
        out.append(UInt8(ascii: "."))
        NumberText.appendPadded(Int64(c.day), width: 2, to: &out)
    }

    private static let zeroDate: [UInt8] = Array("0000.00.00".utf8)

    /// Appends `YYYY.MM` for months since 2000.01.
    static func appendMonth(_ m: Int32, to out: inout [UInt8]) {
        let year = 2000 + QCalendar.floorDiv(Int64(m), 12)
        let month = QCalendar.floorMod(Int64(m), 12) + 1
        guard year >= 1 && year <= 9999 else { out.append(contentsOf: Array("0000.00".utf8)); return }
        NumberText.appendPadded(year, width: 4, to: &out)
        out.append(UInt8(ascii: "."))
        NumberText.appendPadded(month, width: 2, to: &out)
    }

    /// Appends `YYYY.MM.DD` `D` `HH:MM:SS.nnnnnnnnn` for nanoseconds since 2000.01.01.
    static func appendTimestamp(_ ns: Int64, to out: inout [UInt8]) {
        // Quotient and remainder separately: days·nanosPerDay can overflow near -0Wp.
        var days = ns / QCalendar.nanosPerDay
        var rest = ns % QCalendar.nanosPerDay
        if rest < 0 { rest += QCalendar.nanosPerDay; days -= 1 }
        appendDate(days: days, to: &out)
        out.append(UInt8(ascii: "D"))
        appendClock(UInt64(rest), unitsPerSecond: 1_000_000_000, fractionDigits: 9, to: &out)
    }

    /// Appends `YYYY.MM.DDTHH:MM:SS.mmm` for fractional days since 2000.01.01, rounded to
    /// the millisecond.
    static func appendDatetime(_ d: Double, to out: inout [UInt8]) {
        let msD = d * Double(msPerDay)
        guard abs(msD) < 9.0e15 else {
            out.append(contentsOf: zeroDate)
            out.append(contentsOf: Array("T00:00:00.000".utf8))
            return
        }
        // Round half away from zero by hand: Double.rounded() would need libm at link time.
        var ms = Int64(msD)
        let frac = msD - Double(ms)
        if frac >= 0.5 { ms += 1 } else if frac <= -0.5 { ms -= 1 }
        let days = QCalendar.floorDiv(ms, msPerDay)
        appendDate(days: days, to: &out)
        out.append(UInt8(ascii: "T"))
        appendClock(UInt64(ms - days * msPerDay), unitsPerSecond: 1000, fractionDigits: 3, to: &out)
    }

    /// Appends `[-]dDHH:MM:SS.nnnnnnnnn` for a span in nanoseconds.
    static func appendTimespan(_ ns: Int64, to out: inout [UInt8]) {
        if ns < 0 { out.append(UInt8(ascii: "-")) }
        let mag = ns.magnitude
        let perDay = UInt64(QCalendar.nanosPerDay)
        NumberText.appendUnsigned(mag / perDay, to: &out)
        out.append(UInt8(ascii: "D"))
        appendClock(mag % perDay, unitsPerSecond: 1_000_000_000, fractionDigits: 9, to: &out)
    }

    /// Appends `[-]HH:MM` for minutes (hours may exceed 23).
    static func appendMinute(_ v: Int32, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        let m = Int64(v.magnitude)
        NumberText.appendPadded(m / 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        NumberText.appendPadded(m % 60, width: 2, to: &out)
    }

    /// Appends `[-]HH:MM:SS` for seconds.
    static func appendSecond(_ v: Int32, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        appendClock(UInt64(v.magnitude), unitsPerSecond: 1, fractionDigits: 0, to: &out)
    }

    /// Appends `[-]HH:MM:SS.mmm` for milliseconds.
    static func appendTime(_ v: Int32, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        appendClock(UInt64(v.magnitude), unitsPerSecond: 1000, fractionDigits: 3, to: &out)
    }

    /// `HH:MM:SS[.fff]` for a non-negative count of sub-second units.
    private static func appendClock(_ units: UInt64, unitsPerSecond: UInt64, fractionDigits: Int, to out: inout [UInt8]) {
        let secs = units / unitsPerSecond
        NumberText.appendPadded(Int64(secs / 3600), width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        NumberText.appendPadded(Int64(secs / 60 % 60), width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        NumberText.appendPadded(Int64(secs % 60), width: 2, to: &out)
        if fractionDigits > 0 {
            out.append(UInt8(ascii: "."))
            NumberText.appendPadded(Int64(units % unitsPerSecond), width: fractionDigits, to: &out)
        }
    }
}
