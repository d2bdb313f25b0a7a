import QCore

// Tok (`"J"$"42"`, `` `$"abc" ``) and Pad (`9$"abc"`). Both are string-atomic: they
// walk general lists, dictionaries and tables down to strings. Parsing one string is
// QLiteral.tok's job; symbols, chars and booleans are simple enough to do here.

extension Strings {
    /// Interprets each string in `y` as a value of type `t`.
    static func tok(_ t: QType, _ y: QValue) throws -> QValue {
        switch y {
        case .vector(let v) where v.type == .char:
            guard case .x(let a) = v.storage else { throw QError.type }
            return tokOne(t, a)
        case .atom(.char, .x(let c)):
            return tokOne(t, [c])
        case .list(let l):
            if l.isEmpty { return t == .char ? .emptyList : .vector(QVector(t, .empty(t.storageKind))) }
            if t == .symbol { return try tokSymbols(l) }
            return QValue.collapse(try l.map { try tok(t, $0) })
        case .dict(let d):
            return .dict(QDict(keys: d.keys, values: try tok(t, d.values), sorted: d.sorted))
        case .table(let tb):
            return .table(QTable(names: tb.names, columns: try tb.columns.map { try tok(t, $0) }))
        default:
            throw QError.type
        }
    }

    /// `` `$ `` of a list: the common case, a list of strings, without boxing each symbol.
    static func tokSymbols(_ l: [QValue]) throws -> QValue {
        var names = [String]()
        names.reserveCapacity(l.count)
        for item in l {
            switch item {
            case .vector(let v) where v.type == .char:
                guard case .x(let a) = v.storage else { throw QError.type }
                names.append(symbolFromBytes(a))
            case .atom(.char, .x(let c)):
                names.append(symbolFromBytes([c]))
            default:
                return QValue.collapse(try l.map { try tok(.symbol, $0) })
            }
        }
        return .symbols(names)
    }

    static func tokOne(_ t: QType, _ b: [UInt8]) -> QValue {
        switch t {
        case .symbol: return .symbol(symbolFromBytes(b))
        case .char: return chars(b)
        case .boolean: return .bool(truthy(b))
        default: return QLiteral.tok(t, b)
        }
    }

    /// `"B"$`: true when the first non-blank character is one q reads as yes.
    static func truthy(_ b: [UInt8]) -> Bool {
        guard let c = b.first(where: { $0 != 32 }) else { return false }
        switch c {
        case UInt8(ascii: "1"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "y"), UInt8(ascii: "Y"),
             UInt8(ascii: "x"), UInt8(ascii: "X"):
            return true
        default:
            return false
        }
    }

    // MARK: pad

    /// `n$s`: `s` cut or blank-filled to `n` characters, on the right for positive `n`,
    /// on the left (keeping the end) for negative.
    static func pad(_ n: Int64, _ y: QValue) throws -> QValue {
        guard n > -(1 << 40) && n < (1 << 40) else { throw QError.limit }
        let width = Int(n.magnitude)
        return try stringAtomic(y) { b in
            if b.count == width { return chars(b) }
            if n >= 0 {
                if b.count > width { return chars(Array(b[0..<width])) }
                return chars(b + [UInt8](repeating: 32, count: width - b.count))
            }
            if b.count > width { return chars(Array(b[(b.count - width)...])) }
            return chars([UInt8](repeating: 32, count: width - b.count) + b)
        }
    }
}
