import QCore

// The primitives the evaluator itself relies on: application (`@`, `.`), join (`,`),
// match (`~`), `enlist`, `count`, `type`, `til`, and `!` for making dictionaries.

enum Core {
    static func register(_ r: inout Registry) {
        r.add("@", monad: { x, _ in .atom(.short, .h(x.typeNumber)) }, dyad: { x, y, s in try s.apply1At(x, y) }, polyad: { a, s in try s.amendAt(a) })
        r.add(".", dyad: { x, y, s in try s.applyDot(x, y) }, polyad: { a, s in try s.amendDot(a) })
        r.add(",", dyad: { x, y, s in try s.join(x, y) })
        r.add(":", dyad: { _, y, _ in y })
        r.add("~", dyad: { x, y, _ in .bool(qMatch(x, y)) })
        r.add("!", dyad: { x, y, s in try s.makeDict(x, y) })
        r.add("enlist", monad: { x, s in s.enlistItem(x) }, polyad: { a, _ in QValue.collapse(a) })
        r.add("count", monad: { x, _ in .long(Int64(x.count)) })
        r.add("type", monad: { x, _ in .atom(.short, .h(x.typeNumber)) })
        r.add("til", monad: { x, _ in try til(x) })
    }

    static func til(_ x: QValue) throws -> QValue {
        guard case .atom(let t, let s) = x, [.long, .int, .short, .byte, .boolean].contains(t) else { throw QError.type }
        let n = scalarInt(s)
        guard n >= 0 else { throw QError.domain }
        guard n < 1 << 40 else { throw QError.wsfull }
        return .longs([Int64](unsafeUninitializedCapacity: Int(n)) { buf, c in
            for k in 0..<Int(n) { buf[k] = Int64(k) }
            c = Int(n)
        })
    }
}

extension Interpreter {
    /// `x @ y`: apply or index at one level.
    func apply1At(_ f: QValue, _ x: QValue) throws -> QValue {
        if case .function = f { return try apply(f, [x]) }
        if let g = namedValue(f) { return try apply1At(g, x) }
        return try index1(f, x)
    }

    /// `x . y`: apply with an argument list, or index at depth.
    func applyDot(_ f: QValue, _ args: QValue) throws -> QValue {
        if let g = namedValue(f) { return try applyDot(g, args) }
        let list: [QValue]
        switch args {
        case .atom: if case .function = f { list = [args] } else { throw QError.type }
        default: list = args.elements
        }
        if case .function = f { return try apply(f, list.isEmpty ? [.identity] : list) }
        return try index(f, list)
    }

    /// `@[x;i;f]`, `@[x;i;f;y]` and trap `@[f;x;e]`.
    func amendAt(_ a: [QValue]) throws -> QValue {
        if a.count == 3, case .function = a[0] {
            return try trap(a[2]) { try self.apply(a[0], [a[1]]) }
        }
        // A handle is applicable too: `@[h;"query";handler]` traps a remote error.
        if a.count == 3, isHandleAtom(a[0]) {
            return try trap(a[2]) { try self.index(a[0], [a[1]]) }
        }
        guard a.count == 3 || a.count == 4 else { throw QError.rank }
        let f: QValue? = isAssignGlyph(a[2]) ? nil : a[2]
        let i = a[1]
        if let name = symbolName(a[0]) {
            let current = try globals[qualify(name)] ?? lookupFallback(qualify(name))
            let new = try amend(current, [i], f, a.count == 4 ? a[3] : nil)
            try assignGlobal(qualify(name), new)
            return a[0]
        }
        return try amend(a[0], [i], f, a.count == 4 ? a[3] : nil)
    }

    /// `.[x;i;f]`, `.[x;i;f;y]` and trap `.[f;args;e]`.
    func amendDot(_ a: [QValue]) throws -> QValue {
        if a.count == 3, case .function = a[0] {
            return try trap(a[2]) { try self.applyDot(a[0], a[1]) }
        }
        if a.count == 3, isHandleAtom(a[0]), case .list(let l) = a[1], l.count == 1 {
            return try trap(a[2]) { try self.index(a[0], l) }
        }
        guard a.count == 3 || a.count == 4 else { throw QError.rank }
        let f: QValue? = isAssignGlyph(a[2]) ? nil : a[2]
        let path = a[1].isAtom ? [a[1]] : a[1].elements
        if let name = symbolName(a[0]) {
            let current = try globals[qualify(name)] ?? lookupFallback(qualify(name))
            let new = try amend(current, path, f, a.count == 4 ? a[3] : nil)
            try assignGlobal(qualify(name), new)
            return a[0]
        }
        return try amend(a[0], path, f, a.count == 4 ? a[3] : nil)
    }

    /// Runs `body`; on a q error applies (or returns) the handler with the error text.
    func trap(_ handler: QValue, _ body: () throws -> QValue) throws -> QValue {
        let savedSP = sp, savedBP = bp, savedLambda = currentLambda
        do {
            return try body()
        } catch let e as QError {
            sp = savedSP; bp = savedBP; currentLambda = savedLambda; returning = false
            if case .function = handler { return try apply1(handler, .string(e.name)) }
            return handler
        }
    }

    /// An int atom naming an open handle (or 0), which applies like a function.
    private func isHandleAtom(_ v: QValue) -> Bool {
        guard case .atom(let t, let sc) = v, t == .int || t == .long || t == .short else { return false }
        let h = scalarInt(sc)
        return h == 0 || isOpenHandle(h)
    }

    private func isAssignGlyph(_ v: QValue) -> Bool {
        if case .function(.primitive(let p)) = v, p.name == ":" { return true }
        return false
    }

    func symbolName(_ v: QValue) -> String? {
        if case .atom(.symbol, .s(let s)) = v { return s }
        return nil
    }

    /// `x , y`: join lists, atoms, dictionaries and tables.
    func join(_ x: QValue, _ y: QValue) throws -> QValue {
        switch (x, y) {
        case (.vector(let a), .vector(let b)) where a.type == b.type:
            return .vector(QVector(a.type, try joinStorage(a.storage, b.storage)))
        case (.vector(let a), .atom(let t, let s)) where a.type == t:
            return .vector(QVector(t, try joinStorage(a.storage, QStorage.gather(kind: t.storageKind, [.atom(t, s)]))))
        case (.atom(let t, let s), .vector(let b)) where b.type == t:
            return .vector(QVector(t, try joinStorage(QStorage.gather(kind: t.storageKind, [.atom(t, s)]), b.storage)))
        case (.atom(let t, _), .atom(let u, _)) where t == u:
            return QValue.collapse([x, y])
        case (.dict(let a), .dict(let b)):
            if case .table = a.keys { return try joinKeyed(a, b) }
            var keys = a.keys.elements, vals = a.values.elements
            let bv = b.values.elements
            for (j, k) in b.keys.elements.enumerated() {
                if let pos = keys.firstIndex(where: { qMatch($0, k) }) { vals[pos] = bv[j] } else { keys.append(k); vals.append(bv[j]) }
            }
            return .dict(QDict(keys: QValue.collapse(keys), values: QValue.collapse(vals)))
        case (.table(let a), .table(let b)):
            // Columns missing on the right are filled with nulls, as upsert does.
            guard Set(a.names) == Set(b.names) else { return try upsert(x, y) }
            let cols = try a.names.enumerated().map { (k, n) -> QValue in
                try join(a.columns[k], b.columns[b.names.firstIndex(of: n)!])
            }
            return .table(QTable(names: a.names, columns: cols))
        case (.table(let a), .dict(let d)):
            return try join(x, enlistItem(.dict(d))).orIfEmpty(a)
        case (.dict, _), (_, .dict):
            throw QError.type
        default:
            let xs = x.isAtom ? [x] : x.elements
            let ys = y.isAtom ? [y] : y.elements
            let all = xs + ys
            if case .list = x, !all.isEmpty { return QValue.collapse(all) }
            return QValue.collapse(all).keepingListIf(xs.isEmpty && ys.isEmpty)
        }
    }

    /// `x,:y`: join in place, stricter than `,`: a typed vector takes only its own type,
    /// a list of lists takes a list as one more item, dictionaries keep their value
    /// type, and tables take rows as `upsert` does.
    func joinInPlace(_ x: QValue, _ y: QValue) throws -> QValue {
        switch x {
        case .vector(let v):
            switch y {
            case .atom(let t, _) where t == v.type: return try join(x, y)
            case .vector(let w) where w.type == v.type: return try join(x, y)
            case .list(let l) where l.isEmpty: return x
            case .vector(let w) where w.count == 0: return x
            default: throw QError.type
            }
        case .list(let l):
            if !l.isEmpty && l.allSatisfy({ !$0.isAtom }) && !y.isAtom, case .vector = y { return .list(l + [y]) }
            return try join(x, y)
        case .dict(let d):
            if case .table = d.keys { return try upsert(x, y) }
            guard case .dict(let e) = y else { return try join(x, y) }
            if case .vector(let dv) = d.values, !(dv.count == 0) {
                if case .vector(let ev) = e.values, ev.type != dv.type { throw QError.type }
                if case .list = e.values { throw QError.type }
            }
            return try join(x, y)
        case .table:
            return try upsert(x, y)
        default:
            return try join(x, y)
        }
    }

    func joinKeyed(_ a: QDict, _ b: QDict) throws -> QValue {
        if case .table(let kb) = b.keys, case .table(let vb) = b.values, case .table(let ka) = a.keys, case .table(let va) = a.values,
           kb.names != ka.names || vb.names != va.names {
            return try upsert(.dict(a), .dict(b))
        }
        guard case .table(let ka) = a.keys, case .table(let va) = a.values,
              case .table(let kb) = b.keys, case .table(let vb) = b.values else { throw QError.type }
        var keyRows = QValue.table(ka).elements, valRows = QValue.table(va).elements
        for r in 0..<kb.count {
            let k = QValue.table(kb).element(r), v = QValue.table(vb).element(r)
            if let pos = keyRows.firstIndex(where: { qMatch($0, k) }) { valRows[pos] = v } else { keyRows.append(k); valRows.append(v) }
        }
        return .dict(QDict(keys: rowsToTable(keyRows, names: ka.names), values: rowsToTable(valRows, names: va.names)))
    }

    func joinStorage(_ a: QStorage, _ b: QStorage) throws -> QStorage {
        switch (a, b) {
        case (.b(let x), .b(let y)): return .b(x + y)
        case (.g(let x), .g(let y)): return .g(x + y)
        case (.x(let x), .x(let y)): return .x(x + y)
        case (.h(let x), .h(let y)): return .h(x + y)
        case (.i(let x), .i(let y)): return .i(x + y)
        case (.j(let x), .j(let y)): return .j(x + y)
        case (.e(let x), .e(let y)): return .e(x + y)
        case (.f(let x), .f(let y)): return .f(x + y)
        case (.s(let x), .s(let y)): return .s(x + y)
        default: throw QError.type
        }
    }

    /// `x ! y`: a dictionary from keys and values (or a keyed table from two tables).
    func makeDict(_ x: QValue, _ y: QValue) throws -> QValue {
        if case .table = x, case .table = y {
            guard x.count == y.count else { throw QError.length }
            return .dict(QDict(keys: x, values: y))
        }
        if x.isAtom && y.isAtom { return .dict(QDict(keys: enlistItem(x), values: enlistItem(y))) }
        guard x.count == y.count || x.isAtom || y.isAtom else { throw QError.length }
        return .dict(QDict(keys: x, values: y))
    }
}

extension QValue {
    func orIfEmpty(_ t: QTable) -> QValue { self }
    func keepingListIf(_ cond: Bool) -> QValue { self }
}
