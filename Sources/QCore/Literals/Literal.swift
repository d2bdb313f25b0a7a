// q's literal tokens: numbers, booleans, bytes, typed nulls and infinities, and temporal
// values, as atoms or as the space-separated vectors the lexer hands over.

/// Parsing q literals into values: single tokens (`42i`, `0x2a`, `2000.01.01D12:00`),
/// runs of tokens forming one vector (`1 2 3h`), where a numeric token ends (for the
/// lexer), and tok, the upper-case cast `"D"$"2000.01.01"`.
///
/// ```swift
/// QLiteral.parseToken("42h")            // .atom(.short, .h(42))
/// try QLiteral.parseVector(["1", "2.5"]) // float vector 1 2.5
/// QLiteral.tok(.date, Array("2000-12-12".utf8))
/// ```
///
/// Nothing here throws on bad text except `parseVector`: a token that is not a literal
/// gives nil, and tok gives the typed null.
public enum QLiteral {}

extension QLiteral {
    /// Parses one literal token as the lexer cuts it: no blanks, a leading `-` allowed.
    ///
    /// Forms:
    /// - integers `42`, `-7` (long; too large for a long: float), with suffixes `h` `i` `j`
    ///   (out of range: the typed null);
    /// - floats `4.2`, `.5`, `1.`, `1e10`, `1e-10`, with `f`; reals with `e` (`4.2e`, `1e5e`);
    /// - booleans `1b`, `101b` (a vector); bytes `0x2a`, `0x0a0b` (a vector), `0x` (empty),
    ///   an odd digit count padded on the left (`0x123` is `0x0123`);
    /// - nulls and infinities `0N` `0W` `-0W` (long), `0n` `0w` `-0w` (float), and with a type
    ///   letter `0Nh` `0Wi` `0Ne` `0we` `0Nd` `0Wp` `0Ng` …;
    /// - dates `2000.01.01`; timestamps `2000.01.01D`, `2000.01.01D12`, `…D12:00`, `…D12:00:00.123456789`;
    ///   datetimes with `T` in place of `D`; timespans `1D`, `0D12:00:00.000000000`, `-1D`;
    /// - `12:00` minute, `12:00:00` second, `12:00:00.000` time (one to three fraction digits),
    ///   `12:00:00.000000000` timespan (four or more);
    /// - a temporal letter (`p` `m` `d` `z` `n` `u` `v` `t`) after text tok reads as that type:
    ///   `2000.01m`, `12:00t`, `2000.01.01p`, `12:34:56.123456789n`, `0p`.
    ///
    /// Text of a valid shape naming an impossible value (`2001.02.30`, `12:60`) gives the
    /// typed null, as q does.
    ///
    /// - Parameter text: The token.
    /// - Returns: An atom, a vector for multi-digit booleans and multi-byte hex, or nil when
    ///   the token is not a literal.
    public static func parseToken(_ text: Substring) -> QValue? {
        if let v = text.utf8.withContiguousStorageIfAvailable({ classify($0)?.value }) { return v }
        return Array(text.utf8).withUnsafeBufferPointer { classify($0)?.value }
    }

    /// Parses a run of blank-separated literal tokens as one vector, by q's rules: a type
    /// letter on the last token types every item (`1 2 3h`, `0n 2 3i`, `13:30 20:00t`);
    /// otherwise longs and floats together make floats (`1 2.5`), untyped nulls and
    /// infinities (`0N`, `0W`, `0n`, `0w`) take the others' type (`2000.01.01 0N`), and all
    /// other items must share one type. One token gives what `parseToken` gives.
    ///
    /// - Parameter tokens: The tokens, at least one.
    /// - Returns: A vector (or the single token's value).
    /// - Throws: `QError.parse` for an empty run, a token that is not a literal, booleans or
    ///   bytes among several tokens, or types that do not combine (`1 2000.01.01`, `1.5 2h`).
    /// - Complexity: O(total length of the tokens).
    public static func parseVector(_ tokens: [Substring]) throws -> QValue {
        guard !tokens.isEmpty else { throw QError.parse }
        var items = [Token]()
        items.reserveCapacity(tokens.count)
        for t in tokens {
            guard let item = classify(t) else { throw QError.parse }
            items.append(item)
        }
        if items.count == 1 { return items[0].value }
        for item in items {
            guard case .atom(let t, _) = item.value, t != .boolean, t != .byte else { throw QError.parse }
        }
        let target = try vectorType(items)
        let letter = target.letter.asciiValue!
        var atoms = [QValue]()
        atoms.reserveCapacity(items.count)
        for (k, item) in items.enumerated() {
            if item.type == target {
                atoms.append(item.value)
                continue
            }
            // An explicit letter that disagrees cannot be retyped; anything else is read again
            // with the vector's letter (`0n` → `0ni`, `1` → `1f`, `13:30` → `13:30t`).
            guard item.suffix == nil, let again = classify(Array(tokens[k].utf8) + [letter]),
                  again.type == target else { throw QError.parse }
            atoms.append(again.value)
        }
        return .vector(QVector(target, QStorage.gather(kind: target.storageKind, atoms)))
    }

    /// The type of the vector `items` form (two or more atoms).
    private static func vectorType(_ items: [Token]) throws -> QType {
        let last = items[items.count - 1]
        if last.suffix != nil { return last.type }
        var typed: QType? = nil
        var widen = false
        var genericFloat = false
        for item in items {
            if item.generic {
                if item.type == .float { genericFloat = true }
                continue
            }
            guard let t = typed else { typed = item.type; continue }
            if t == item.type { continue }
            guard (t == .long && item.type == .float) || (t == .float && item.type == .long) else {
                throw QError.parse
            }
            widen = true
        }
        guard let t = typed else { return genericFloat ? .float : .long }
        return widen || (t == .long && genericFloat) ? .float : t
    }

    /// Where the numeric literal token starting at `start` ends: a leading `-` (when a
    /// digit or `.digit` follows), then digits, letters and `.`, a `:` followed by a digit,
    /// and a `-` right after the `e` of an exponent (`1e-10`, not in hex). Returns `start`
    /// when nothing there can begin a number.
    ///
    /// - Parameters:
    ///   - utf8: The source bytes.
    ///   - start: Where the token begins.
    /// - Returns: The index just past the token.
    public static func tokenEnd(_ utf8: [UInt8], from start: Int) -> Int {
        let n = utf8.count
        var i = start
        guard i < n else { return start }
        if utf8[i] == Ascii.minus {
            let digitNext = i + 1 < n && isDigit(utf8[i + 1])
            let dotDigitNext = i + 2 < n && utf8[i + 1] == Ascii.dot && isDigit(utf8[i + 2])
            guard digitNext || dotDigitNext else { return start }
            i += 1
        }
        let body = i
        let hex = i + 1 < n && utf8[i] == Ascii.zero && utf8[i + 1] == Ascii.lowerX
        while i < n {
            let c = utf8[i]
            if isDigit(c) || isLetter(c) || c == Ascii.dot {
                i += 1
            } else if c == Ascii.colon && i + 1 < n && isDigit(utf8[i + 1]) {
                // `12:30` continues; `0:` and `1:` (file verbs) stop before the colon.
                i += 1
            } else if c == Ascii.minus && !hex && i >= body + 2 && utf8[i - 1] == Ascii.lowerE
                        && (isDigit(utf8[i - 2]) || utf8[i - 2] == Ascii.dot)
                        && i + 1 < n && isDigit(utf8[i + 1]) {
                i += 1
            } else {
                break
            }
        }
        return i
    }
}

// MARK: - Token classification

extension QLiteral {
    /// A parsed token and what `parseVector` needs to know to combine it with others.
    struct Token {
        /// The token's value on its own.
        var value: QValue
        /// The explicit type letter (`h` of `1h`, `d` of `0Nd`, `b` of `101b`), if any.
        var suffix: UInt8?
        /// True for `0N`, `0W`, `-0W`, `0n`, `0w`, `-0w` with no letter: they take the type
        /// of the vector they are in.
        var generic: Bool

        var type: QType {
            if case .atom(let t, _) = value { return t }
            if case .vector(let v) = value { return v.type }
            return .mixed
        }
    }

    static func classify(_ text: Substring) -> Token? {
        if let t = text.utf8.withContiguousStorageIfAvailable({ classify($0) }) { return t }
        return Array(text.utf8).withUnsafeBufferPointer { classify($0) }
    }

    static func classify(_ bytes: [UInt8]) -> Token? {
        bytes.withUnsafeBufferPointer { classify($0) }
    }

    /// The type a literal's letter gives, for the letters that may end a number.
    @inline(__always)
    static func suffixType(_ c: UInt8) -> QType? {
        switch c {
        case 0x68: return .short      // h
        case 0x69: return .int        // i
        case 0x6A: return .long       // j
        case 0x65: return .real       // e
        case 0x66: return .float      // f
        case 0x70: return .timestamp  // p
        case 0x6D: return .month      // m
        case 0x64: return .date       // d
        case 0x7A: return .datetime   // z
        case 0x6E: return .timespan   // n
        case 0x75: return .minute     // u
        case 0x76: return .second     // v
        case 0x74: return .time       // t
        default: return nil
        }
    }

    static func classify(_ b: Bytes) -> Token? {
        let n = b.count
        guard n > 0 else { return nil }
        let negative = b[0] == Ascii.minus
        let lo = negative ? 1 : 0
        guard lo < n else { return nil }
        if n - lo >= 2 && b[lo] == Ascii.zero {
            let k = b[lo + 1]
            if k == Ascii.lowerX {
                guard !negative, let v = hexLiteral(b, lo + 2, n) else { return nil }
                return Token(value: v, suffix: nil, generic: false)
            }
            if k == Ascii.upperN || k == Ascii.lowerN || k == Ascii.upperW || k == Ascii.lowerW {
                return special(b, lo, n, negative: negative)
            }
        }
        let last = b[n - 1]
        if last == Ascii.lowerB {
            guard !negative, n - lo >= 2 else { return nil }
            var bits = [Bool]()
            bits.reserveCapacity(n - 1 - lo)
            for i in lo..<(n - 1) {
                guard b[i] == 0x30 || b[i] == 0x31 else { return nil }
                bits.append(b[i] == 0x31)
            }
            let v: QValue = bits.count == 1 ? .atom(.boolean, .b(bits[0])) : .vector(QVector(.boolean, .b(bits)))
            return Token(value: v, suffix: last, generic: false)
        }
        if let t = suffixType(last) {
            guard n - 1 > lo, let s = typedBody(t, b, lo, n - 1, negative: negative) else { return nil }
            return Token(value: .atom(t, s), suffix: last, generic: false)
        }
        guard let v = untyped(b, lo, n, negative: negative) else { return nil }
        return Token(value: v, suffix: nil, generic: false)
    }

    /// `0N` `0W` `0n` `0w` (with `-` for the infinities), alone or with a type letter.
    private static func special(_ b: Bytes, _ lo: Int, _ n: Int, negative: Bool) -> Token? {
        let k = b[lo + 1]
        let isNull = k == Ascii.upperN || k == Ascii.lowerN
        if n - lo == 2 {
            let t: QType = k == Ascii.lowerN || k == Ascii.lowerW ? .float : .long
            let s = isNull ? t.nullScalar : (negative ? t.negativeInfinityScalar! : t.infinityScalar!)
            return Token(value: .atom(t, s), suffix: nil, generic: true)
        }
        guard n - lo == 3 else { return nil }
        let c = b[lo + 2]
        let type: QType? = c == 0x67 ? (isNull && !negative ? .guid : nil) : suffixType(c)  // g
        guard let t = type else { return nil }
        let s = isNull ? t.nullScalar : (negative ? t.negativeInfinityScalar : t.infinityScalar)
        guard let s else { return nil }
        return Token(value: .atom(t, s), suffix: c, generic: false)
    }

    /// Hex digits after `0x`: an empty byte vector, one byte, or several.
    private static func hexLiteral(_ b: Bytes, _ lo: Int, _ hi: Int) -> QValue? {
        var bytes = [UInt8]()
        bytes.reserveCapacity((hi - lo + 1) / 2)
        var i = lo
        if (hi - lo) % 2 == 1 {
            // An odd count: the first digit stands alone, as if a 0 came before it.
            guard let v = hexValue(b[i]) else { return nil }
            bytes.append(v)
            i += 1
        }
        while i < hi {
            guard let h = hexValue(b[i]), let l = hexValue(b[i + 1]) else { return nil }
            bytes.append(h << 4 | l)
            i += 2
        }
        return bytes.count == 1 ? .atom(.byte, .x(bytes[0])) : .vector(QVector(.byte, .x(bytes)))
    }

    /// The body of a token with a type letter: `b[lo..<hi]` is the text before the letter,
    /// `negative` whether a `-` came first. nil when the body does not fit the type.
    private static func typedBody(_ t: QType, _ b: Bytes, _ lo: Int, _ hi: Int, negative: Bool) -> QScalar? {
        switch t {
        case .short, .int, .long:
            guard digitRunEnd(b, lo, hi) == hi else { return nil }
            let (min, max): (Int64, Int64) = t == .short ? (Int64(Int16.min), Int64(Int16.max))
                : t == .int ? (Int64(Int32.min), Int64(Int32.max)) : (Int64.min, Int64.max)
            // Out of range is the typed null, as tok gives.
            guard let v = signedValue(b, lo, hi, negative: negative), v >= min, v <= max else { return t.nullScalar }
            switch t {
            case .short: return .h(Int16(v))
            case .int: return .i(Int32(v))
            default: return .j(v)
            }
        case .real, .float:
            guard let v = parseUnsignedDouble(b, lo, hi, lenient: false) else { return nil }
            return t == .real ? .e(Float(negative ? -v : v)) : .f(negative ? -v : v)
        default:
            // Only spans and times of day can be negative; the scanners read the `-` themselves.
            let signed = t == .timespan || t == .minute || t == .second || t == .time
            guard !negative || signed else { return nil }
            switch TemporalScan.scalar(t, b, negative ? lo - 1 : lo, hi, dayFirst: false) {
            case .value(let s): return s
            case .invalid: return t.nullScalar
            case .malformed: return nil
            }
        }
    }

    /// The digits `b[lo..<hi]` with a sign; nil when they do not fit a long.
    @inline(__always)
    private static func signedValue(_ b: Bytes, _ lo: Int, _ hi: Int, negative: Bool) -> Int64? {
        guard let m = parseDigits(b, lo, hi) else { return nil }
        if negative {
            guard m <= UInt64(bitPattern: Int64.min) else { return nil }
            return m == UInt64(bitPattern: Int64.min) ? Int64.min : -Int64(m)
        }
        return m <= UInt64(Int64.max) ? Int64(m) : nil
    }

    /// A token with no type letter: its shape decides the type.
    private static func untyped(_ b: Bytes, _ lo: Int, _ hi: Int, negative: Bool) -> QValue? {
        var mark = -1       // the first `D` or `T`
        var colon = false
        var dots = 0
        for i in lo..<hi {
            switch b[i] {
            case Ascii.upperD, Ascii.upperT: if mark < 0 { mark = i }
            case Ascii.colon: colon = true
            case Ascii.dot: dots += 1
            default: break
            }
        }
        if mark >= 0 { return marked(b, lo, mark, hi, negative: negative) }
        if colon { return clockLiteral(b, lo, hi, negative: negative) }
        if dots == 2 {
            guard !negative else { return nil }
            switch scanLiteralDate(b, lo, hi) {
            case .value(let d): return .atom(.date, .i(d))
            case .invalid: return QType.date.null
            case .malformed: return nil
            }
        }
        if digitRunEnd(b, lo, hi) == hi {
            if let v = signedValue(b, lo, hi, negative: negative) { return .long(v) }
            // Too large for a long: q reads it as a float.
        }
        guard let v = parseUnsignedDouble(b, lo, hi, lenient: false) else { return nil }
        return .float(negative ? -v : v)
    }

    /// `dateDclock` (timestamp), `dateTclock` (datetime) or `daysDclock` (timespan), where
    /// the clock may be empty; `mark` is the index of the `D` or `T`.
    private static func marked(_ b: Bytes, _ lo: Int, _ mark: Int, _ hi: Int, negative: Bool) -> QValue? {
        guard mark > lo else { return nil }
        var clock: Int64? = 0
        if mark + 1 < hi {
            guard let c = scanLiteralClock(b, mark + 1, hi) else { return nil }
            clock = c.nanos
        }
        if b[mark] == Ascii.upperD && digitRunEnd(b, lo, mark) == mark {
            guard let ns = clock, let days = signedValue(b, lo, mark, negative: false),
                  days <= Int64.max / QCalendar.nanosPerDay else { return QType.timespan.null }
            let (t, o) = (days * QCalendar.nanosPerDay).addingReportingOverflow(ns)
            return o ? QType.timespan.null : .atom(.timespan, .j(negative ? -t : t))
        }
        let type: QType = b[mark] == Ascii.upperD ? .timestamp : .datetime
        guard !negative else { return nil }
        switch scanLiteralDate(b, lo, mark) {
        case .malformed: return nil
        case .invalid: return type.null
        case .value(let days):
            guard let ns = clock else { return type.null }
            if type == .datetime {
                // Datetimes keep milliseconds.
                return .atom(.datetime, .f(Double(days) + Double(ns / 1_000_000) / 86_400_000))
            }
            return instantNanos(days: days, clock: ns).map { .atom(.timestamp, .j($0)) } ?? type.null
        }
    }

    /// `hh:mm` minute, `hh:mm:ss` second, `hh:mm:ss.f…` time (up to three fraction digits)
    /// or timespan (more).
    private static func clockLiteral(_ b: Bytes, _ lo: Int, _ hi: Int, negative: Bool) -> QValue? {
        guard let c = scanColonClock(b, lo, hi) else { return nil }
        let type: QType
        let unit: Int64
        switch (c.fields, c.fractionDigits) {
        case (2, _): (type, unit) = (.minute, 60_000_000_000)
        case (_, 0): (type, unit) = (.second, 1_000_000_000)
        case (_, 1...3): (type, unit) = (.time, 1_000_000)
        default:
            guard let ns = c.nanos else { return QType.timespan.null }
            return .atom(.timespan, .j(negative ? -ns : ns))
        }
        guard let ns = c.nanos, ns / unit < Int64(Int32.max) else { return type.null }
        let v = Int32(ns / unit)
        return .atom(type, .i(negative ? -v : v))
    }
}
