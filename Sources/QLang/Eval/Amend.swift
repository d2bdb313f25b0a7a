import QCore

// Amend: `@[x;i;f;y]`, `.[x;i;f;y]`, and indexed assignment `x[i]:y`, `x[i]+:y`.
// Values are moved out of their variable before amending so that a vector updated
// in a loop is changed in place rather than copied each time.

enum AssignTarget {
    case local(Int, String)
    case global(String)
}

/// `a:v` for a local `a`: the commonest statement in a lambda, kept to a slot store.
final class LocalStoreNode: Node {
    let slot: Int
    let value: Node
    let valueRef: NodeRef
    init(slot: Int, value: Node) { self.slot = slot; self.value = value; valueRef = value.ref }
    override func eval(_ s: Interpreter) throws -> QValue {
        let v = try valueRef.eval(s)
        s.slots[s.bp + slot] = v
        return v
    }
}

final class AssignNode: Node {
    let target: AssignTarget
    let indices: [Node?]?
    let op: Node?
    let value: Node
    init(target: AssignTarget, indices: [Node?]?, op: Node?, value: Node) {
        self.target = target; self.indices = indices; self.op = op; self.value = value
    }

    override func eval(_ s: Interpreter) throws -> QValue {
        let v = try value.eval(s)
        if indices == nil && op == nil {
            try store(s, v)
            return v
        }
        var path: [QValue] = []
        if let idx = indices {
            path = [QValue](repeating: .identity, count: idx.count)
            for k in stride(from: idx.count - 1, through: 0, by: -1) { if let n = idx[k] { path[k] = try n.eval(s) } }
        }
        let f = try op?.eval(s)
        var current = try take(s)
        do {
            if path.isEmpty {
                if let o = op as? ConstNode, case .function(.primitive(let p)) = o.value, p.name == "," {
                    current = try s.joinInPlace(current, v)
                } else {
                    current = try s.apply(f!, [current, v])
                }
            } else {
                try s.amendInPlace(&current, path[...], f, v)
            }
        } catch {
            try? store(s, current)
            throw error
        }
        // The value of an assignment is the value assigned: with an operator, that is the
        // new value (of the variable, or of the items the indices address), not `y`.
        let result: QValue
        if f == nil {
            result = v
        } else if path.isEmpty {
            result = current
        } else {
            result = (try? s.index(current, path)) ?? v
        }
        try store(s, current)
        return result
    }

    /// Moves the current value out of the variable (leaving (::) behind briefly).
    private func take(_ s: Interpreter) throws -> QValue {
        switch target {
        case .local(let slot, let name):
            let v = s.slots[s.bp + slot]
            if v.isUnsetLocal { throw QError(name) }
            s.slots[s.bp + slot] = .unsetLocal
            return v
        case .global(let name):
            guard let v = s.globals[name] else {
                if let fallback = try? s.lookupFallback(name) { return fallback }
                // `b,:x` creates b when it does not exist yet.
                if indices == nil, let o = op as? ConstNode, case .function(.primitive(let p)) = o.value, p.name == "," {
                    return .emptyList
                }
                throw QError(name)
            }
            s.globals[name] = .identity
            return v
        }
    }

    private func store(_ s: Interpreter, _ v: QValue) throws {
        switch target {
        case .local(let slot, _): s.slots[s.bp + slot] = v
        case .global(let name): try s.assignGlobal(name, v)
        }
    }
}

extension Interpreter {
    /// Assigns a global, enforcing read-only mode.
    func assignGlobal(_ name: String, _ v: QValue) throws {
        if readOnly { throw QError.noupdate }
        globals[name] = v
        if !views.isEmpty {
            // Any change may affect a view; a view assigned directly stops being one.
            views[name] = nil
            for k in views.keys { views[k]!.valid = false }
        }
    }

    /// `.[x;path;f;y]` as a value-returning function. `f` nil means plain assignment.
    func amend(_ x: QValue, _ path: [QValue], _ f: QValue?, _ y: QValue?) throws -> QValue {
        var v = x
        try amendInPlace(&v, path[...], f, y)
        return v
    }

    /// The new value for one item: `y`, `f[item;y]` or `f[item]`.
    @inline(__always)
    func combine(_ item: QValue, _ f: QValue?, _ y: QValue?) throws -> QValue {
        guard let f = f else { return y ?? .identity }
        if let y = y { return try apply(f, [item, y]) }
        return try apply1(f, item)
    }

    func amendInPlace(_ x: inout QValue, _ path: ArraySlice<QValue>, _ f: QValue?, _ y: QValue?) throws {
        guard let i = path.first else {
            x = try combine(x, f, y)
            return
        }
        let rest = path.dropFirst()
        // Positions this level addresses.
        switch x {
        case .dict(var d):
            x = .identity
            try amendDict(&d, i, rest, f, y)
            x = .dict(d)
            return
        case .table(var t):
            x = .identity
            if case .atom(.symbol, .s(let name)) = i {
                var col: QValue = t.names.firstIndex(of: name).map { t.columns[$0] } ?? .emptyList
                try amendInPlace(&col, rest, f, y)
                if let k = t.names.firstIndex(of: name) { t.columns[k] = col } else { t.names.append(name); t.columns.append(col) }
                x = .table(t)
                return
            }
            // Rows: go through the row-list form.
            var rows = QValue.list(QValue.table(t).elements)
            try amendInPlace(&rows, path, f, y)
            x = try tableFromRows(rows)
            return
        default:
            break
        }
        if i.isIdentity {
            let n = x.count
            try amendPositions(&x, Array(0..<Int64(n)), listIndex: true, rest, f, y)
            return
        }
        switch i {
        case .atom(let t, let s):
            guard let k = intIndex(t, s) else { throw QError.type }
            try amendPositions(&x, [k], listIndex: false, rest, f, y)
        case .vector(let iv):
            guard let ks = intIndexes(iv) else { throw QError.type }
            try amendPositions(&x, ks, listIndex: true, rest, f, y)
        case .list(let il):
            // Nested index lists: each item addresses with its own y item.
            let ys: [QValue]? = y.flatMap { $0.isAtom ? nil : $0.elements }
            if let ys = ys, ys.count != il.count { throw QError.length }
            for (k, sub) in il.enumerated() {
                try amendInPlace(&x, [sub] + rest, f, ys?[k] ?? y)
            }
        default:
            throw QError.type
        }
    }

    /// Amends the items at integer positions of a list or vector.
    func amendPositions(_ x: inout QValue, _ ks: [Int64], listIndex: Bool, _ rest: ArraySlice<QValue>, _ f: QValue?, _ y: QValue?) throws {
        let n = Int64(x.count)
        for k in ks where k < 0 || k >= n { _ = k; throw QError.index }
        let ys: [QValue]?
        if listIndex, let y = y, !(y.isAtom) {
            let items = y.elements
            guard items.count == ks.count else { throw QError.length }
            ys = items
        } else { ys = nil }
        // Fast path: a typed vector, plain assignment or a primitive op, atoms of the same type.
        if case .vector(var v) = x, rest.isEmpty {
            x = .identity
            do {
                try amendVector(&v, ks, f, ys, y)
                x = .vector(v)
                return
            } catch let e as VectorAmendFallback {
                _ = e
                x = .vector(v)
            }
        }
        var items = x.elements
        x = .identity
        for (j, k) in ks.enumerated() {
            let yk = ys?[j] ?? y
            var item = items[Int(k)]
            if rest.isEmpty { item = try combine(item, f, yk) } else { try amendInPlace(&item, rest, f, yk) }
            items[Int(k)] = item
        }
        x = QValue.collapse(items)
    }

    struct VectorAmendFallback: Error {}

    /// Writes new atoms into a typed vector in place; throws `'type` when an item's new type differs.
    func amendVector(_ v: inout QVector, _ ks: [Int64], _ f: QValue?, _ ys: [QValue]?, _ y: QValue?) throws {
        for (j, k) in ks.enumerated() {
            let yk = ys?[j] ?? y
            let old = v[Int(k)]
            let new = try combine(old, f, yk)
            guard case .atom(let t, let s) = new else {
                if f == nil { throw VectorAmendFallback() }
                throw QError.type
            }
            guard t == v.type || (t.storageKind == v.type.storageKind && f != nil) else {
                if v.count == 1 && ks.count == 1 { throw VectorAmendFallback() }
                throw QError.type
            }
            setElement(&v.storage, Int(k), s)
        }
    }

    /// Sets one element of storage in place. - Precondition: scalar kind matches.
    @inline(__always)
    func setElement(_ st: inout QStorage, _ k: Int, _ s: QScalar) {
        switch (st, s) {
        case (.j(var a), .j(let x)): st = .b([]); a[k] = x; st = .j(a)
        case (.f(var a), .f(let x)): st = .b([]); a[k] = x; st = .f(a)
        case (.i(var a), .i(let x)): st = .b([]); a[k] = x; st = .i(a)
        case (.h(var a), .h(let x)): st = .b([]); a[k] = x; st = .h(a)
        case (.x(var a), .x(let x)): st = .b([]); a[k] = x; st = .x(a)
        case (.e(var a), .e(let x)): st = .b([]); a[k] = x; st = .e(a)
        case (.b(var a), .b(let x)): st = .j([]); a[k] = x; st = .b(a)
        case (.s(var a), .s(let x)): st = .b([]); a[k] = x; st = .s(a)
        case (.g(var a), .g(let x)): st = .b([]); a[k] = x; st = .g(a)
        default: break
        }
    }

    func amendDict(_ d: inout QDict, _ key: QValue, _ rest: ArraySlice<QValue>, _ f: QValue?, _ y: QValue?) throws {
        if key.isIdentity {
            var vals = d.values
            try amendPositions(&vals, Array(0..<Int64(vals.count)), listIndex: true, rest, f, y)
            d.values = vals
            return
        }
        // Several keys at once.
        if !key.isAtom, !(keyIsItem(d.keys, key)) {
            let keys = key.elements
            let ys: [QValue]? = y.flatMap { $0.isAtom ? nil : $0.elements }
            if let ys = ys, ys.count != keys.count { throw QError.length }
            for (k, kk) in keys.enumerated() { try amendDict(&d, kk, rest, f, ys?[k] ?? y) }
            return
        }
        if let pos = find(d.keys, key) {
            var vals = d.values
            d.values = .identity
            try amendPositions(&vals, [Int64(pos)], listIndex: false, rest, f, y)
            d.values = vals
        } else {
            // New key: append it with the combined value of a null item.
            var item = missingValue(d.values)
            if rest.isEmpty { item = try combine(item, f, y) } else { try amendInPlace(&item, rest, f, y) }
            d.keys = try join(d.keys, enlistItem(key))
            d.values = try join(d.values, enlistItem(item))
        }
    }

    private func keyIsItem(_ keys: QValue, _ key: QValue) -> Bool {
        if case .list = keys { return keys.elements.contains { qMatch($0, key) } }
        return false
    }

    /// A one-item list holding `v`.
    func enlistItem(_ v: QValue) -> QValue {
        switch v {
        case .atom(let t, let s): return .vector(QVector(t, QStorage.gather(kind: t.storageKind, [.atom(t, s)])))
        case .dict(let d):
            if case .vector(let kv) = d.keys, kv.type == .symbol, case .s(let names) = kv.storage {
                return .table(QTable(names: names, columns: d.values.elements.map { enlistItem($0) }))
            }
            return .list([v])
        default: return .list([v])
        }
    }

    /// A table from a list of row dictionaries.
    func tableFromRows(_ rows: QValue) throws -> QValue {
        let items = rows.elements
        guard case .dict(let d0)? = items.first, case .vector(let kv) = d0.keys, case .s(let names) = kv.storage else {
            if items.isEmpty { return rows }
            return rows
        }
        return rowsToTable(items, names: names)
    }
}
