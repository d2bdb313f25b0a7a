// tok: `"J"$"42"`, `"D"$"2000.01.01"` — text to an atom of a type, or that type's null.

extension QLiteral {
    /// Tok (`x$y` with an upper-case type letter): reads one string as an atom of `type`,
    /// giving the type's null where the text does not parse, as q does.
    ///
    /// Blanks before and after the text are ignored, except by `.char`. What each type reads:
    /// - `.boolean`: true when the first non-blank character is one of `1tTxXyY`.
    /// - `.byte`: one or two hex digits (`"2a"`); otherwise `0x00`.
    /// - `.short`, `.int`, `.long`: `[±]digits`, `0N`, `0W`, `-0W`; out of range is null.
    ///   `.int` also reads an IPv4 address `a.b.c.d` as its 32-bit value.
    /// - `.real`, `.float`: decimal or exponent notation (`1.5`, `.5`, `1e-3`), `0n`, `0w`, `-0w`.
    /// - `.char`: the first character (a blank for an empty string).
    /// - `.symbol`: the text without surrounding blanks.
    /// - `.guid`: 32 hex digits with or without the four dashes, an IPv6 address, or an
    ///   IPv4 address (mapped to `::ffff:a.b.c.d`).
    /// - `.date`: `yyyy.mm.dd`, `yyyy-mm-dd`, `yyyy/mm/dd`, `yyyymmdd`, `yymmdd`, `ddMMMyyyy`,
    ///   `ddMMMyy`, `yyyy/MMM/dd` and `mm/dd/[yy]yy` (or `dd/mm/[yy]yy` when `dayFirst`,
    ///   q's `\z 1`), with any of `.`, `-`, `/` as the separator.
    /// - `.month`: `yyyy.mm` (or `-`, `/`) and `yyyymm`.
    /// - `.timestamp`, `.datetime`: a date, optionally followed by `D`, `T`, a blank or
    ///   another separator and a time; a time alone (on 2000.01.01); or Unix seconds as 9…11
    ///   digits with an optional fraction.
    /// - `.timespan`: `[-]dD[time]` or a time; `.minute`, `.second`, `.time`: a time, cut
    ///   to the type's unit.
    ///
    /// A time is `hh[:]mm[:]ss[[.]f…]` with later fields optional (`"12:34"`, `"12"`;
    /// `"123456789"` is 12:34:56.789), fractions past nanoseconds dropped; hours before a
    /// colon may have more digits (`"100:00"`). `.mixed` (q's `"*"`) returns the string itself.
    ///
    /// - Parameters:
    ///   - type: The result type.
    ///   - text: The string's bytes.
    ///   - dayFirst: Read `01/06/2010` as 1 June (q's `\z 1`) instead of January 6.
    /// - Returns: An atom of `type` (a string for `.mixed`).
    /// - Complexity: O(n) in the length of `text`.
    public static func tok(_ type: QType, _ text: [UInt8], dayFirst: Bool = false) -> QValue {
        if type == .mixed { return .vector(QVector(.char, .x(text))) }
        return text.withUnsafeBufferPointer { b in
            .atom(type, tokScalar(type, b, 0, b.count, dayFirst: dayFirst) ?? type.nullScalar)
        }
    }

    /// The scalar for tok, or nil where q gives the null.
    static func tokScalar(_ type: QType, _ b: Bytes, _ lo0: Int, _ hi0: Int, dayFirst: Bool) -> QScalar? {
        if type == .char { return .x(hi0 > lo0 ? b[lo0] : Ascii.space) }
        let (lo, hi) = trimSpaces(b, lo0, hi0)
        switch type {
        case .boolean:
            guard lo < hi else { return .b(false) }
            switch b[lo] {
            case 0x31, 0x74, 0x54, 0x78, 0x58, 0x79, 0x59: return .b(true)  // 1 t T x X y Y
            default: return .b(false)
            }
        case .byte:
            let n = hi - lo
            guard n == 1 || n == 2 else { return nil }
            var v: UInt8 = 0
            for i in lo..<hi {
                guard let h = hexValue(b[i]) else { return nil }
                v = v << 4 | h
            }
            return .x(v)
        case .short:
            return tokInteger(b, lo, hi, min: Int64(Int16.min), max: Int64(Int16.max)).map { .h(Int16($0)) }
        case .int:
            if let ip = NetworkScan.ipv4(b, lo, hi) { return .i(Int32(bitPattern: ip)) }
            return tokInteger(b, lo, hi, min: Int64(Int32.min), max: Int64(Int32.max)).map { .i(Int32($0)) }
        case .long:
            return tokInteger(b, lo, hi, min: Int64.min, max: Int64.max).map { .j($0) }
        case .real:
            return tokFloat(b, lo, hi).map { .e(Float($0)) }
        case .float:
            return tokFloat(b, lo, hi).map { .f($0) }
        case .symbol:
            return .s(String(decoding: UnsafeBufferPointer(rebasing: b[lo..<hi]), as: UTF8.self))
        case .guid:
            return NetworkScan.guid(b, lo, hi).map { .g($0) }
        case .timestamp, .month, .date, .datetime, .timespan, .minute, .second, .time:
            if let special = tokSpecial(type, b, lo, hi) { return special }
            if case .value(let s) = TemporalScan.scalar(type, b, lo, hi, dayFirst: dayFirst) { return s }
            return nil
        case .mixed, .char:
            return nil
        }
    }

    /// `[+|-]digits` within `min...max`, or `0N`, `0W`, `-0W`; nil otherwise.
    private static func tokInteger(_ b: Bytes, _ lo: Int, _ hi: Int, min: Int64, max: Int64) -> Int64? {
        guard lo < hi else { return nil }
        var i = lo
        let negative = b[i] == Ascii.minus
        if negative || b[i] == Ascii.plus { i += 1 }
        if hi - i == 2 && b[i] == Ascii.zero {
            if b[i + 1] == Ascii.upperN { return nil }
            if b[i + 1] == Ascii.upperW { return negative ? -max : max }
        }
        guard let magnitude = parseDigits(b, i, hi) else { return nil }
        if negative {
            guard magnitude <= UInt64(bitPattern: Int64.min) else { return nil }
            let v = magnitude == UInt64(bitPattern: Int64.min) ? Int64.min : -Int64(magnitude)
            return v >= min ? v : nil
        }
        guard magnitude <= UInt64(max) else { return nil }
        return Int64(magnitude)
    }

    /// A decimal float with an optional sign, or `0n`, `0N`, `0w`, `0W` and their negatives.
    private static func tokFloat(_ b: Bytes, _ lo: Int, _ hi: Int) -> Double? {
        guard lo < hi else { return nil }
        var i = lo
        let negative = b[i] == Ascii.minus
        if negative || b[i] == Ascii.plus { i += 1 }
        if hi - i == 2 && b[i] == Ascii.zero {
            switch b[i + 1] {
            case Ascii.lowerN, Ascii.upperN: return nil
            case Ascii.lowerW, Ascii.upperW: return negative ? -.infinity : .infinity
            default: break
            }
        }
        guard let v = parseUnsignedDouble(b, i, hi, lenient: true) else { return nil }
        return negative ? -v : v
    }

    /// `0N`, `0W` and `-0W` for temporal types: the null and the infinities.
    private static func tokSpecial(_ type: QType, _ b: Bytes, _ lo: Int, _ hi: Int) -> QScalar? {
        var i = lo
        let negative = i < hi && b[i] == Ascii.minus
        if negative { i += 1 }
        guard hi - i == 2, b[i] == Ascii.zero else { return nil }
        switch b[i + 1] {
        case Ascii.upperN, Ascii.lowerN: return type.nullScalar
        case Ascii.upperW, Ascii.lowerW: return negative ? type.negativeInfinityScalar : type.infinityScalar
        default: return nil
        }
    }
}

extension QType {
    /// Negative infinity of this type (`-0W`, `-0w`, `-0Wd` …), nil where there is none.
    /// For integers that is one above the null.
    var negativeInfinityScalar: QScalar? {
        switch storageKind {
        case .h: return .h(-Int16.max)
        case .i: return .i(-Int32.max)
        case .j: return .j(-Int64.max)
        case .e: return .e(-Float.infinity)
        case .f: return .f(-Double.infinity)
        default: return nil
        }
    }
}
