import QCore

// `x$y`: the left argument decides the meaning. A type (short, letter or name) casts,
// an upper-case letter or negative short parses strings (tok), an integer pads,
// another symbol enumerates, float matrices multiply. Lists of these pair with `y`.
// Tok and pad are string-atomic: they walk general lists, dictionaries and tables down
// to strings. Parsing one string is QLiteral.tok's job.

/// What one left-argument atom of `$` asks for.
enum DollarSpec {
    /// Cast to a type (positive short, lower-case letter, type name).
    case cast(QType)
    /// `0h` or `"*"`: `y` unchanged.
    case identity
    /// Parse strings as a type (negative short, upper-case letter, `` ` ``).
    case tok(QType)
    /// Extract a part of temporal values (`` `year `` `` `mm `` …).
    case part(TemporalPart)
    /// Enumerate against the global named.
    case enumerate(String)
    /// Pad strings to a width.
    case pad(Int64)
}

/// Parts of a temporal value that `` `year$ `` and friends extract.
enum TemporalPart: String {
    case year, mm, dd, hh, uu, ss, week
}

extension Strings {
    /// The spec a single left atom denotes, nil when `x` is not an atom.
    static func dollarSpec(_ x: QValue) throws -> DollarSpec? {
        guard case .atom(let t, let sc) = x else { return nil }
        switch (t, sc) {
        case (.short, .h(let n)):
            if n == 0 { return .identity }
            guard let type = QType(rawValue: Int8(clamping: n < 0 ? -Int(n) : Int(n))), type != .mixed, n != Int16.min
            else { throw QError.type }
            return n > 0 ? .cast(type) : .tok(type)
        case (.char, .x(let c)):
            if c == UInt8(ascii: "*") { return .identity }
            let ch = Character(Unicode.Scalar(c))
            if c >= 97 && c <= 122, let type = QType(letter: ch) { return .cast(type) }
            if c >= 65 && c <= 90, let type = QType(letter: Character(Unicode.Scalar(c + 32))) { return .tok(type) }
            throw QError.type
        case (.symbol, .s(let name)):
            if name.isEmpty { return .tok(.symbol) }
            if let type = QType(name: name) { return .cast(type) }
            if let p = TemporalPart(rawValue: name) { return .part(p) }
            return .enumerate(name)
        case (.long, .j(let n)): return .pad(n)
        case (.int, .i(let n)): return .pad(Int64(n))
        default: throw QError.type
        }
    }

    /// `x$y` in all its forms.
    static func dollar(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        if let spec = try dollarSpec(x) { return try apply(spec, y, s) }
        if isFloatMatrix(x) {
            // Dot product and matrix multiply belong to `mmu`.
            guard let id = s.registry.id("mmu"), let f = s.registry[id].dyad else { throw QError.nyi }
            return try f(x, y, s)
        }
        switch x {
        case .vector, .list: return try dollarPairs(x.elements, y, s)
        default: throw QError.type
        }
    }

    /// A list of specs on the left: each applies to all of an atom `y`, or to its own item.
    static func dollarPairs(_ specs: [QValue], _ y: QValue, _ s: Interpreter) throws -> QValue {
        switch y {
        case .atom, .function:
            return QValue.collapse(try specs.map { try dollar($0, y, s) })
        case .dict(let d):
            return .dict(QDict(keys: d.keys, values: try dollarPairs(specs, d.values, s), sorted: d.sorted))
        case .vector, .list:
            guard y.count == specs.count else { throw QError.length }
            return QValue.collapse(try specs.indices.map { try dollar(specs[$0], y.element($0), s) })
        case .table:
            throw QError.type
        }
    }

    /// Applies one spec to `y`.
    static func apply(_ spec: DollarSpec, _ y: QValue, _ s: Interpreter) throws -> QValue {
        switch spec {
        case .identity: return y
        case .cast(let t): return try castValue(y, to: t)
        case .tok(let t): return try tok(t, y, dayFirst: s.settings.dateFormat == 1)
        case .part(let p): return try atomic1Typed(y, empty: p == .week ? .date : .int) { try temporalPart(p, $0) }
        case .enumerate(let name): return try enumerate(name, y, s)
        case .pad(let n): return try pad(n, y)
        }
    }

    /// A float vector, or a non-empty list of float vectors.
    static func isFloatMatrix(_ v: QValue) -> Bool {
        switch v {
        case .vector(let vec): return vec.type == .float || vec.type == .real
        case .list(let l):
            return !l.isEmpty && l.allSatisfy { if case .vector(let vec) = $0 { return vec.type == .float || vec.type == .real }; return false }
        default: return false
        }
    }

    /// Casts any value: atoms and vectors directly, lists, dictionaries and tables item by
    /// item. An empty general list becomes an empty vector of the type.
    static func castValue(_ y: QValue, to t: QType) throws -> QValue {
        if t == .symbol {
            // A string casts to one symbol, as `` `$ `` does.
            return try atomic1Typed(y, empty: t) { v in
                if case .vector(let vec) = v, vec.type == .char, case .x(let a) = vec.storage { return .symbol(symbolFromBytes(a)) }
                return try castSimple(v, to: t)
            }
        }
        return try atomic1Typed(y, empty: t) { try castSimple($0, to: t) }
    }

    /// `atomic1`, except that an empty general list gives an empty vector of `empty`.
    static func atomic1Typed(_ y: QValue, empty: QType, _ kernel: (QValue) throws -> QValue) throws -> QValue {
        switch y {
        case .list(let l):
            if l.isEmpty { return .vector(QVector(empty, .empty(empty.storageKind))) }
            return QValue.collapse(try l.map { try atomic1Typed($0, empty: empty, kernel) })
        case .dict(let d):
            return .dict(QDict(keys: d.keys, values: try atomic1Typed(d.values, empty: empty, kernel), sorted: d.sorted))
        case .table(let tb):
            return .table(QTable(names: tb.names, columns: try tb.columns.map { try atomic1Typed($0, empty: empty, kernel) }))
        case .function:
            throw QError.type
        default:
            return try kernel(y)
        }
    }

    // MARK: enumerate

    /// `` `d$y ``: checks every item of `y` is in the domain `d`.
    ///
    /// The value model has no enumeration type yet, so the result is `y` itself (its
    /// values resolved against the domain, attributes dropped): `value`, display and
    /// comparisons behave as for the symbols; `"i"$` of it does not give the indices.
    static func enumerate(_ name: String, _ y: QValue, _ s: Interpreter) throws -> QValue {
        guard let domainValue = s.global(s.qualify(name)) ?? s.global(name) else { throw QError(name) }
        var domain = domainValue
        if case .dict(let d) = domainValue {
            // A keyed table: its key rows; with one key column, that column.
            if case .table(let kt) = d.keys { domain = kt.columns.count == 1 ? kt.columns[0] : d.keys } else { domain = d.keys }
        }
        switch domain {
        case .vector, .list: break
        default: throw QError.type
        }
        switch y {
        case .atom:
            guard s.find(domain, y) != nil else { throw QError("cast") }
            return y
        case .vector(var v):
            if case .vector(let dv) = domain, case .s(let names) = dv.storage, case .s(let ys) = v.storage {
                let known = Set(names)
                for n in ys where !known.contains(n) { throw QError("cast") }
            } else {
                for k in 0..<v.count where s.find(domain, v[k]) == nil { throw QError("cast") }
            }
            v.attribute = .none
            return .vector(v)
        case .list(let l):
            return .list(try l.map { try enumerate(name, $0, s) })
        case .dict(let d):
            return .dict(QDict(keys: d.keys, values: try enumerate(name, d.values, s), sorted: d.sorted))
        default:
            throw QError.type
        }
    }
}

extension Strings {
    // MARK: tok

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
        // Refuse widths no workspace could hold rather than die allocating them.
        guard n > -(1 << 30) && n < (1 << 30) else { throw QError.wsfull }
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
