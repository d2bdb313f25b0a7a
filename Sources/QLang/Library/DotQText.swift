import QCore

// `.Q` text tools: fixed-point formatting (`.Q.f`, `.Q.fmt`), name sanitizing (`.Q.id`),
// symbol paths (`.Q.dd`), month arithmetic (`.Q.addmonths`) and encodings (base64
// `.Q.btoa`/`.Q.atob`, binhex `.Q.x10`/`.Q.j10`, base 36 `.Q.x12`/`.Q.j12`, `.Q.sha1`).

enum DotQText {
    /// Registers `.Q` text and encoding functions.
    static func register(_ r: inout Registry) {
        let fn = Library.fn
        fn(&r, ".Q.f", 2) { a, s in try mapNumbers(a[1]) { chars(try fixed(Int(try Library.int(a[0])), $0, s)) } }
        fn(&r, ".Q.fmt", 3) { a, s in
            let width = Int(try Library.int(a[0])), places = Int(try Library.int(a[1]))
            return try mapNumbers(a[2]) { chars(try padded(width, places, $0, s)) }
        }
        fn(&r, ".Q.id", 1) { a, s in try sanitize(a[0], s) }
        fn(&r, ".Q.dd", 2) { a, s in try joinSymbols(a[0], a[1], s) }
        fn(&r, ".Q.addmonths", 2) { a, _ in try addMonths(a[0], a[1]) }
        fn(&r, ".Q.btoa", 1) { a, _ in chars(Base64.encode(try Library.rawBytes(a[0]))) }
        fn(&r, ".Q.atob", 1) { a, _ in .vector(QVector(.byte, .x(try Base64.decode(try Library.rawBytes(a[0]))))) }
        fn(&r, ".Q.x10", 1) { a, _ in try mapInts(a[0]) { chars(encode($0, alphabet: b6, width: 10)) } }
        fn(&r, ".Q.j10", 1) { a, _ in try mapStrings(a[0]) { .long(decode($0, alphabet: b6)) } }
        fn(&r, ".Q.x12", 1) { a, _ in try mapInts(a[0]) { chars(encode($0, alphabet: nA, width: 12)) } }
        fn(&r, ".Q.j12", 1) { a, _ in try mapStrings(a[0]) { .long(decode($0, alphabet: nA)) } }
        fn(&r, ".Q.sha1", 1) { a, _ in .vector(QVector(.byte, .x(SHA1.digest(try Library.rawBytes(a[0]))))) }
    }

    static let b6 = Array((DotQ.upper + DotQ.lower + DotQ.digits + "+/").utf8)
    static let nA = Array((DotQ.digits + DotQ.upper).utf8)

    // MARK: .Q.f, .Q.fmt

    /// Applies `f` to a numeric atom, or to each item of a list.
    static func mapNumbers(_ v: QValue, _ f: (Double) throws -> QValue) throws -> QValue {
        if v.isAtom { return try f(try Library.double(v)) }
        return .list(try v.elements.map { try mapNumbers($0, f) })
    }

    /// `y` with `d` decimal places: rounded half away from zero; values whose scaled
    /// form would not fit in 17 digits fall back to `string`.
    static func fixed(_ d: Int, _ y: Double, _ s: Interpreter) throws -> [UInt8] {
        guard d >= 0 else { throw QError.domain }
        if y.isNaN { return [] }
        if y < 0 { return [45] + (try fixed(d, -y, s)) }
        // Below 1 the leading zero comes from formatting 10+y and dropping its "1".
        if y < 1 { return Array(try fixed(d, 10 + y, s).dropFirst()) }
        var scale = 1.0
        for _ in 0..<min(d, 400) { scale *= 10 }
        let scaled = (y * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 1e17 else { return Strings.atomText(.float, .f(y), s.display) }
        var digits = Array(String(Int64(scaled)).utf8)
        digits.insert(46, at: digits.count - d)
        return digits
    }

    /// `.Q.fmt`: `fixed` right-aligned in `width`, or stars when it does not fit.
    static func padded(_ width: Int, _ places: Int, _ y: Double, _ s: Interpreter) throws -> [UInt8] {
        let t = try fixed(places, y, s)
        if t.count > width { return [UInt8](repeating: 42, count: max(width, 0)) }
        return [UInt8](repeating: 32, count: width - t.count) + t
    }

    // MARK: .Q.id

    /// `.Q.id`: a symbol made a valid q name, or a table's (or dictionary's) names made
    /// valid, distinct and clear of reserved words.
    static func sanitize(_ x: QValue, _ s: Interpreter) throws -> QValue {
        switch x {
        case .atom(.symbol, .s(let n)): return .symbol(cleanName(n))
        case .vector(let v) where v.type == .symbol:
            guard case .s(let names) = v.storage else { throw QError.type }
            return .symbols(names.map(cleanName))
        case .table(let t):
            return .table(QTable(names: columnNames(t.names, s), columns: t.columns))
        case .dict(let d):
            if case .table(let k) = d.keys, case .table(let v) = d.values {
                let names = columnNames(k.names + v.names, s)
                return .dict(QDict(keys: .table(QTable(names: Array(names.prefix(k.names.count)), columns: k.columns)),
                                   values: .table(QTable(names: Array(names.dropFirst(k.names.count)), columns: v.columns))))
            }
            guard case .vector(let kv) = d.keys, case .s(let names) = kv.storage else { return x }
            return .dict(QDict(keys: .symbols(columnNames(names, s)), values: d.values, sorted: d.sorted))
        default:
            throw QError.type
        }
    }

    /// Keeps only letters, digits and underscores; a name that would start with a digit
    /// or underscore, or that loses every character, gains a leading `a`.
    static func cleanName(_ n: String) -> String {
        if n.isEmpty { return n }
        let kept = n.utf8.filter { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
        }
        guard let first = kept.first else { return "a" }
        if (first >= 48 && first <= 57) || first == 95 { return "a" + String(decoding: kept, as: UTF8.self) }
        return String(decoding: kept, as: UTF8.self)
    }

    /// Column names: cleaned, `1` added to reserved words, and repeats numbered.
    static func columnNames(_ names: [String], _ s: Interpreter) -> [String] {
        var seen: [String: Int] = [:]
        return names.map { n in
            var c = cleanName(n)
            if isReserved(c, s) { c += "1" }
            if let k = seen[c] {
                seen[c] = k + 1
                return c + String(k + 1)
            }
            seen[c] = 0
            return c
        }
    }

    /// True for `.Q.res` words, q keywords and names defined in `.q`.
    static func isReserved(_ n: String, _ s: Interpreter) -> Bool {
        if DotQ.reserved.contains(n) || s.globals[".q." + n] != nil { return true }
        guard let id = Registry.shared.id(n), let f = n.utf8.first else { return false }
        return (f >= 97 && f <= 122) && Registry.shared[id].name == n
    }

    // MARK: .Q.dd, .Q.addmonths

    /// `.Q.dd[x;y]`: symbols joined into one, by `/` for a file path and `.` otherwise.
    static func joinSymbols(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        func names(_ v: QValue) throws -> [String] {
            switch v {
            case .atom(.symbol, .s(let n)): return [n]
            case .vector(let vec) where vec.type == .symbol:
                guard case .s(let a) = vec.storage else { throw QError.type }
                return a
            case .vector(let vec) where vec.type == .char: return [String(decoding: try Library.bytes(v), as: UTF8.self)]
            case .atom: return [String(decoding: try Library.bytes(Strings.string(v, s)), as: UTF8.self)]
            case .vector, .list: return try v.elements.flatMap(names)
            default: throw QError.type
            }
        }
        let parts = try names(x) + names(y)
        let isPath = parts.first?.hasPrefix(":") ?? false
        return .symbol(parts.joined(separator: isPath ? "/" : "."))
    }

    /// `.Q.addmonths[d;n]`: dates moved by whole months, keeping the day offset within
    /// the month (so the 31st may run into the next month).
    static func addMonths(_ x: QValue, _ y: QValue) throws -> QValue {
        func one(_ d: QValue, _ n: QValue) throws -> QValue {
            guard case .atom(.date, .i(let day)) = d else { throw QError.type }
            let k = try Library.int(n)
            if day == Int32.min || k == Int64.min { return QType.date.null }
            // Beyond a million years the result cannot be a date: null.
            guard abs(k) < 12_000_000 else { return QType.date.null }
            let c = QCalendar.civil(days: Int(day))
            let months = c.year * 12 + (c.month - 1) + Int(k)
            let first = QCalendar.days(year: QCalendar.floorDivInt(months, 12), month: months - 12 * QCalendar.floorDivInt(months, 12) + 1, day: 1)
            guard let d = Int32(exactly: first + c.day - 1) else { return QType.date.null }
            return .atom(.date, .i(d))
        }
        switch (x.isAtom, y.isAtom) {
        case (true, true): return try one(x, y)
        case (true, false): return QValue.collapse(try y.elements.map { try one(x, $0) }).keepingType(of: .vector(QVector(.date, .i([]))))
        case (false, true): return QValue.collapse(try x.elements.map { try one($0, y) }).keepingType(of: x)
        case (false, false):
            guard x.count == y.count else { throw QError.length }
            return QValue.collapse(try zip(x.elements, y.elements).map { try one($0, $1) }).keepingType(of: x)
        }
    }

    // MARK: encodings

    /// Applies `f` to an integer atom, or to each item of a list.
    static func mapInts(_ v: QValue, _ f: (Int64) throws -> QValue) throws -> QValue {
        if v.isAtom { return try f(try Library.int(v)) }
        return .list(try v.elements.map { try mapInts($0, f) })
    }

    /// Applies `f` to a string, or to each string of a list.
    static func mapStrings(_ v: QValue, _ f: ([UInt8]) throws -> QValue) throws -> QValue {
        switch v {
        case .vector(let vec) where vec.type == .char: return try f(try Library.bytes(v))
        case .list(let l): return QValue.collapse(try l.map { try mapStrings($0, f) })
        default: throw QError.type
        }
    }

    /// `v` as `width` digits of the alphabet's base, most significant first.
    static func encode(_ v: Int64, alphabet: [UInt8], width: Int) -> [UInt8] {
        let base = UInt64(alphabet.count)
        var u = UInt64(bitPattern: v)
        var out = [UInt8](repeating: alphabet[0], count: width)
        for k in stride(from: width - 1, through: 0, by: -1) {
            out[k] = alphabet[Int(u % base)]
            u /= base
        }
        return out
    }

    /// The number a string of the alphabet's digits spells (unknown characters count 0).
    static func decode(_ s: [UInt8], alphabet: [UInt8]) -> Int64 {
        var index = [Int64](repeating: 0, count: 256)
        for (k, c) in alphabet.enumerated() { index[Int(c)] = Int64(k) }
        var v: Int64 = 0
        for c in s { v = v &* Int64(alphabet.count) &+ index[Int(c)] }
        return v
    }
}

extension QCalendar {
    /// Floor division of Swift integers.
    static func floorDivInt(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}

// Byte encodings the library needs without Foundation: base64 (`.Q.btoa`, `.Q.atob`)
// and SHA-1 (`.Q.sha1`).

/// Standard base64 with `=` padding.
enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The padded base64 text of `data`.
    static func encode(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity((data.count + 2) / 3 * 4)
        var k = 0
        while k < data.count {
            let n = min(3, data.count - k)
            var v = UInt32(data[k]) << 16
            if n > 1 { v |= UInt32(data[k + 1]) << 8 }
            if n > 2 { v |= UInt32(data[k + 2]) }
            for j in 0..<4 {
                out.append(j <= n ? alphabet[Int((v >> (18 - 6 * UInt32(j))) & 63)] : 61)
            }
            k += 3
        }
        return out
    }

    /// The bytes padded base64 text encodes; `'domain` for bad length or characters.
    static func decode(_ text: [UInt8]) throws -> [UInt8] {
        guard text.count % 4 == 0 else { throw QError.domain }
        var index = [Int](repeating: -1, count: 256)
        for (k, c) in alphabet.enumerated() { index[Int(c)] = k }
        var out = [UInt8]()
        out.reserveCapacity(text.count / 4 * 3)
        var k = 0
        while k < text.count {
            var v: UInt32 = 0, pad = 0
            for j in 0..<4 {
                let c = text[k + j]
                if c == 61 {
                    // Padding only at the end of the last group.
                    guard k + 4 == text.count, j >= 2 else { throw QError.domain }
                    pad += 1
                    v <<= 6
                    continue
                }
                guard pad == 0, index[Int(c)] >= 0 else { throw QError.domain }
                v = v << 6 | UInt32(index[Int(c)])
            }
            out.append(UInt8(v >> 16))
            if pad < 2 { out.append(UInt8((v >> 8) & 255)) }
            if pad < 1 { out.append(UInt8(v & 255)) }
            k += 4
        }
        return out
    }
}

/// SHA-1 (FIPS 180-4).
enum SHA1 {
    /// The 20-byte digest of `message`.
    static func digest(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var m = message
        let bitLength = UInt64(message.count) * 8
        m.append(0x80)
        while m.count % 64 != 56 { m.append(0) }
        for k in stride(from: 56, through: 0, by: -8) { m.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(k))) }
        var w = [UInt32](repeating: 0, count: 80)
        for block in stride(from: 0, to: m.count, by: 64) {
            for t in 0..<16 {
                let b = block + 4 * t
                w[t] = UInt32(m[b]) << 24 | UInt32(m[b + 1]) << 16 | UInt32(m[b + 2]) << 8 | UInt32(m[b + 3])
            }
            for t in 16..<80 { w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1) }
            var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4]
            for t in 0..<80 {
                let f: UInt32, k: UInt32
                switch t {
                case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
                case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
                case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
                default: f = b ^ c ^ d; k = 0xCA62_C1D6
                }
                let temp = rotl(a, 5) &+ f &+ e &+ k &+ w[t]
                e = d; d = c; c = rotl(b, 30); b = a; a = temp
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
        }
        return h.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * UInt32($0))) } }
    }

    @inline(__always) private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }
}
