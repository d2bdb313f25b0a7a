import QCore

// `sv` (join strings, symbols, paths, bytes; decode bits, bytes and bases) and `vs`
// (split strings, lines, symbols, paths, bytes; encode bits, bytes and bases).

extension Strings {
    // MARK: sv

    static func sv(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        switch x {
        case .atom(.char, .x(let c)):
            return chars(try joinParts(y, separator: [c], type: .char, trailing: false))
        case .vector(let v) where v.type == .char:
            guard case .x(let sep) = v.storage else { throw QError.type }
            return chars(try joinParts(y, separator: sep, type: .char, trailing: false))
        case .atom(.symbol, .s(let name)):
            guard name.isEmpty else { throw QError.type }
            if case .vector(let v) = y, case .s(let names) = v.storage {
                let isPath = names.first?.hasPrefix(":") ?? false
                return .symbol(names.joined(separator: isPath ? "/" : "."))
            }
            return chars(try joinParts(y, separator: [10], type: .char, trailing: true))
        case .atom(.byte, .x(let b)):
            if case .vector(let v) = y, case .x(let bytes) = v.storage, v.type == .byte { return try bytesToValue(bytes) }
            return .vector(QVector(.byte, .x(try joinParts(y, separator: [b], type: .byte, trailing: false))))
        case .vector(let v) where v.type == .byte:
            guard case .x(let sep) = v.storage else { throw QError.type }
            var out = try joinParts(y, separator: sep, type: .byte, trailing: false)
            // kdb+ sizes the result as if the separator were one byte long, cutting the
            // end off (ref/sv.md: 0x0203 sv (0x0001;0x0405) is 0x0001020304).
            if sep.count > 1, y.count > 1 { out.removeLast(min(out.count, (sep.count - 1) * (y.count - 1))) }
            return .vector(QVector(.byte, .x(out)))
        case .atom(.boolean, _):
            guard case .vector(let v) = y, case .b(let bits) = v.storage else { throw QError.type }
            return try bitsToValue(bits)
        default:
            return try decodeBase(x, y)
        }
    }

    /// Joins a list of strings (or byte vectors) with a separator.
    static func joinParts(_ y: QValue, separator: [UInt8], type: QType, trailing: Bool) throws -> [UInt8] {
        let items: [QValue]
        switch y {
        case .list(let l): items = l
        case .vector(let v) where v.count == 0: items = []
        default: throw QError.type
        }
        var out = [UInt8]()
        for (k, item) in items.enumerated() {
            guard case .vector(let v) = item, v.type == type, case .x(let b) = v.storage else {
                if type == .char, case .atom(.char, .x(let c)) = item {
                    if k > 0 { out.append(contentsOf: separator) }
                    out.append(c)
                    continue
                }
                throw QError.type
            }
            if k > 0 { out.append(contentsOf: separator) }
            out.append(contentsOf: b)
        }
        if trailing && !items.isEmpty { out.append(contentsOf: separator) }
        return out
    }

    /// `0x0 sv bytes`: big-endian bytes as short, int, long or guid.
    static func bytesToValue(_ b: [UInt8]) throws -> QValue {
        var acc: UInt64 = 0
        for c in b.prefix(8) { acc = acc << 8 | UInt64(c) }
        switch b.count {
        case 2: return .atom(.short, .h(Int16(truncatingIfNeeded: acc)))
        case 4: return .atom(.int, .i(Int32(truncatingIfNeeded: acc)))
        case 8: return .long(Int64(bitPattern: acc))
        case 16: return .atom(.guid, .g(QGUID(bytes: b)))
        default: throw QError.length
        }
    }

    /// `0b sv bits`: big-endian bits as byte, short, int, long or guid.
    static func bitsToValue(_ bits: [Bool]) throws -> QValue {
        guard [8, 16, 32, 64, 128].contains(bits.count) else { throw QError.length }
        var bytes = [UInt8](repeating: 0, count: bits.count / 8)
        for (k, bit) in bits.enumerated() where bit { bytes[k / 8] |= 0x80 >> UInt8(k % 8) }
        if bits.count == 8 { return .atom(.byte, .x(bytes[0])) }
        return try bytesToValue(bytes)
    }

    /// `b sv digits`: evaluates digits in a base (atom) or mixed radix (vector).
    static func decodeBase(_ x: QValue, _ y: QValue) throws -> QValue {
        guard let tx = simpleType(x), tx.isNumeric else { throw QError.type }
        let digits = y.isAtom ? [y] : y.elements
        if case .vector = x, x.count != digits.count { throw QError.length }
        // Fast path: integer base and integer digits.
        if case .vector(let yv) = y, [.long, .int, .short, .boolean, .byte].contains(yv.type),
           [QType.long, .int, .short].contains(tx) {
            let ds = loadInts(yv.storage, markInfinity: false)
            var acc: Int64 = 0
            switch intOperand(x) {
            case .atom(let b): for d in ds { acc = acc &* b &+ d }
            case .vector(let bs): for k in ds.indices { acc = acc &* bs[k] &+ ds[k] }
            }
            return .long(acc)
        }
        guard var acc = digits.first else { return .long(0) }
        for k in 1..<max(digits.count, 1) {
            let base = x.isAtom ? x : x.element(k)
            acc = try Arithmetic.add(try Arithmetic.multiply(acc, base), digits[k])
        }
        return acc
    }

    // MARK: vs

    static func vs(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        switch x {
        case .atom(.char, .x(let c)):
            return try split(y, by: [c], as: .char)
        case .vector(let v) where v.type == .char:
            guard case .x(let sep) = v.storage else { throw QError.type }
            return try split(y, by: sep, as: .char)
        case .atom(.symbol, .s(let name)):
            guard name.isEmpty else { throw QError.type }
            switch y {
            case .atom(.symbol, .s(let n)):
                if n.hasPrefix(":") {
                    guard let slash = n.lastIndex(of: "/") else { return .symbols(["", n]) }
                    return .symbols([String(n[..<slash]), String(n[n.index(after: slash)...])])
                }
                return .symbols(n.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
            default:
                guard case .vector(let v) = y, v.type == .char || v.type == .byte, case .x(let b) = v.storage else {
                    throw QError.type
                }
                return lines(b)
            }
        case .atom(.byte, .x(let b)):
            if case .vector(let v) = y, v.type == .byte || v.type == .char { return try split(y, by: [b], as: .byte) }
            if b == 0 { return try mapAtoms(y) { .vector(QVector(.byte, .x(try valueToBytes($0)))) } }
            return try mapAtoms(y) { try byteDigits(b, $0) }
        case .vector(let v) where v.type == .byte:
            guard case .x(let sep) = v.storage else { throw QError.type }
            return try split(y, by: sep, as: .byte)
        case .atom(.boolean, _):
            return try mapAtoms(y) { a in
                let bytes = try valueToBytes(a)
                var bits = [Bool]()
                bits.reserveCapacity(bytes.count * 8)
                for byte in bytes { for k in 0..<8 { bits.append(byte & (0x80 >> UInt8(k)) != 0) } }
                return .bools(bits)
            }
        default:
            return try encodeBase(x, y)
        }
    }

    /// `0x40 vs 2`: the digits of an integer in base `b` as bytes, as many digits as
    /// fit a long (`b^n <= 2^63`), most significant first.
    static func byteDigits(_ b: UInt8, _ y: QValue) throws -> QValue {
        guard case .atom(let t, let sc) = y, [QType.long, .int, .short, .boolean, .byte].contains(t) else { throw QError.type }
        let base = UInt64(b)
        var n = 0
        if base == 1 { n = 63 } else {
            var p: UInt64 = 1
            while true {
                let (q, o) = p.multipliedReportingOverflow(by: base)
                if o || q > 1 << 63 { break }
                p = q; n += 1
            }
        }
        var u = UInt64(bitPattern: scalarInt(sc))
        var out = [UInt8](repeating: 0, count: n)
        if base > 1 { for k in stride(from: n - 1, through: 0, by: -1) { out[k] = UInt8(truncatingIfNeeded: u % base); u /= base } }
        return .vector(QVector(.byte, .x(out)))
    }

    /// Applies `f` to an atom, or to each atom of a vector (giving a list).
    static func mapAtoms(_ y: QValue, _ f: (QValue) throws -> QValue) throws -> QValue {
        switch y {
        case .atom: return try f(y)
        case .vector(let v): return .list(try (0..<v.count).map { try f(v[$0]) })
        default: throw QError.type
        }
    }

    /// Splits a string or byte vector at each occurrence of `sep`; pieces have type `t`.
    static func split(_ y: QValue, by sep: [UInt8], as t: QType) throws -> QValue {
        guard case .vector(let v) = y, v.type == .char || v.type == .byte, case .x(let b) = v.storage else {
            throw QError.type
        }
        guard !sep.isEmpty else { throw QError.length }
        var pieces = [QValue]()
        var start = 0, i = 0
        let m = sep.count
        while i + m <= b.count {
            if b[i] == sep[0] && (m == 1 || Array(b[i..<(i + m)]) == sep) {
                pieces.append(.vector(QVector(t, .x(Array(b[start..<i])))))
                i += m
                start = i
            } else {
                i += 1
            }
        }
        pieces.append(.vector(QVector(t, .x(Array(b[start...])))))
        return .list(pieces)
    }

    /// `` ` vs text ``: lines split at `\n` (dropping a `\r` before it); a final line
    /// break does not start another line.
    static func lines(_ b: [UInt8]) -> QValue {
        var out = [QValue]()
        var start = 0
        for i in b.indices where b[i] == 10 {
            let end = i > start && b[i - 1] == 13 ? i - 1 : i
            out.append(chars(Array(b[start..<end])))
            start = i + 1
        }
        if start < b.count { out.append(chars(Array(b[start...]))) }
        return .list(out)
    }

    /// The big-endian bytes of a numeric atom's storage.
    static func valueToBytes(_ a: QValue) throws -> [UInt8] {
        guard case .atom(let t, let sc) = a, t != .symbol else { throw QError.type }
        func be<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
            (0..<(T.bitWidth / 8)).reversed().map { UInt8(truncatingIfNeeded: v >> (8 * $0)) }
        }
        switch sc {
        case .b(let v): return [v ? 1 : 0]
        case .x(let v): return [v]
        case .h(let v): return be(v)
        case .i(let v): return be(v)
        case .j(let v): return be(v)
        case .e(let v): return be(v.bitPattern)
        case .f(let v): return be(v.bitPattern)
        case .g(let g): return g.bytes
        default: throw QError.type
        }
    }

    /// `b vs n`: digits of `n` in base `b` (atom) or mixed radix (vector). Vectors and
    /// lists of numbers give one row per digit, each shaped like `y`.
    static func encodeBase(_ x: QValue, _ y: QValue) throws -> QValue {
        guard let tx = simpleType(x), [QType.long, .int, .short].contains(tx) else { throw QError.type }
        let bases: [Int64]
        switch intOperand(x) {
        case .atom(let b): bases = [b]
        case .vector(let bs): bases = bs
        }
        let radixAtom = x.isAtom
        if radixAtom && bases[0] < 2 { throw QError.domain }
        var all = [Int64]()
        try collectInts(y, into: &all)
        let ndigits: Int
        if radixAtom {
            ndigits = all.reduce(1) { max($0, digitCount(UInt64(bitPattern: $1), UInt64(bases[0]))) }
        } else {
            ndigits = bases.count
        }
        func digit(_ v: Int64, _ k: Int) -> Int64 {
            if radixAtom {
                var u = UInt64(bitPattern: v)
                let b = UInt64(bases[0])
                for _ in 0..<(ndigits - 1 - k) { u /= b }
                return Int64(u % b)
            }
            var r = v
            var j = bases.count - 1
            while j > k {
                r = bases[j] == 0 ? 0 : floorDivide(r, bases[j])
                j -= 1
            }
            return bases[k] == 0 ? r : floorModulo(r, bases[k])
        }
        if case .atom = y { return .longs((0..<ndigits).map { digit(all[0], $0) }) }
        return .list(try (0..<ndigits).map { k in try mapInts(y) { digit($0, k) } })
    }

    static func digitCount(_ v: UInt64, _ b: UInt64) -> Int {
        var n = 1, u = v / b
        while u > 0 { n += 1; u /= b }
        return n
    }

    static func collectInts(_ y: QValue, into out: inout [Int64]) throws {
        switch y {
        case .atom, .vector:
            guard let t = simpleType(y), [QType.long, .int, .short, .boolean, .byte].contains(t) else { throw QError.type }
            switch intOperand(y) {
            case .atom(let v): out.append(v)
            case .vector(let vs): out.append(contentsOf: vs)
            }
        case .list(let l): for item in l { try collectInts(item, into: &out) }
        default: throw QError.type
        }
    }

    /// Rebuilds the shape of `y` with each integer replaced by `f` of it, as longs.
    static func mapInts(_ y: QValue, _ f: (Int64) -> Int64) throws -> QValue {
        switch y {
        case .atom: if case .atom(let v) = intOperand(y) { return .long(f(v)) }; throw QError.type
        case .vector:
            if case .vector(let vs) = intOperand(y) { return .longs(vs.map(f)) }
            throw QError.type
        case .list(let l): return .list(try l.map { try mapInts($0, f) })
        default: throw QError.type
        }
    }
}
