import QCore

// Tok (`"J"$"42"`, `` `$"abc" ``) and Pad (`9$"abc"`). Both are string-atomic: they
// walk general lists, dictionaries and tables down to strings. Parsing one string is
// QLiteral.tok's job; symbols, chars and booleans are simple enough to do here.

extension Strings {
    /// Interprets each string in `y` as a value of type `t`.
    static func tok(_ t: QType, _ y: QValue, dayFirst: Bool = false) throws -> QValue {
        switch y {
        case .vector(let v) where v.type == .char:
            guard case .x(let a) = v.storage else { throw QError.type }
            return tokOne(t, a, dayFirst)
        case .atom(.char, .x(let c)):
            return tokOne(t, [c], dayFirst)
        case .list(let l):
            if l.isEmpty { return .vector(QVector(t, .empty(t.storageKind))) }
            if t == .symbol { return try tokSymbols(l) }
            return QValue.collapse(try l.map { try tok(t, $0, dayFirst: dayFirst) })
        case .dict(let d):
            return .dict(QDict(keys: d.keys, values: try tok(t, d.values, dayFirst: dayFirst), sorted: d.sorted))
        case .table(let tb):
            return .table(QTable(names: tb.names, columns: try tb.columns.map { try tok(t, $0, dayFirst: dayFirst) }))
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

    static func tokOne(_ t: QType, _ b: [UInt8], _ dayFirst: Bool) -> QValue {
        if t == .symbol { return .symbol(symbolFromBytes(b)) }
        return QLiteral.tok(t, b, dayFirst: dayFirst)
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
