import QCore

// One-pass grouped aggregates for the commonest phrases (`sum c`, `count i`, `max c`
// …): instead of gathering each group's rows and calling the primitive per group,
// walk the column once and accumulate per group. Only types whose q result is
// unambiguous take this path; anything else falls back to per-group evaluation.

enum FastAggregates {
    static let names: Set<String> = ["count", "first", "last", "sum", "max", "min", "avg"]
}

extension Interpreter {
    /// The column of per-group results for an aggregate phrase, or nil to evaluate it
    /// group by group.
    func fastAggregate(_ p: Phrase, _ t: FlatTable, _ groups: [[Int]]) throws -> QValue? {
        guard case .aggregate(let fn, let name, _) = p else { return nil }
        if fn == "count" {
            guard t.column(name) != nil || name == "i" else { return nil }
            return .longs(groups.map { Int64($0.count) })
        }
        guard let col = t.column(name) else { return nil }
        switch fn {
        case "first":
            if case .vector = col { return Col.take(col, groups.map { $0[0] }) }
            return nil
        case "last":
            if case .vector = col { return Col.take(col, groups.map { $0[$0.count - 1] }) }
            return nil
        default:
            break
        }
        guard case .vector(let v) = col else { return nil }
        switch (v.type, v.storage) {
        case (.long, .j(let a)):
            return longAggregate(fn, a, groups)
        case (.float, .f(let a)):
            return floatAggregate(fn, a, groups)
        default:
            return nil
        }
    }

    private func longAggregate(_ fn: String, _ a: [Int64], _ groups: [[Int]]) -> QValue? {
        // Nulls change max/min/avg semantics in ways not worth duplicating here.
        if fn != "sum" && a.contains(Int64.min) { return nil }
        return a.withUnsafeBufferPointer { p -> QValue? in
            switch fn {
            case "sum":
                return .longs(groups.map { g in g.reduce(Int64(0)) { acc, i in p[i] == Int64.min ? acc : acc &+ p[i] } })
            case "max":
                return .longs(groups.map { g in g.reduce(Int64.min) { max($0, p[$1]) } })
            case "min":
                return .longs(groups.map { g in g.reduce(Int64.max) { min($0, p[$1]) } })
            case "avg":
                return .floats(groups.map { g in Double(g.reduce(Int64(0)) { $0 &+ p[$1] }) / Double(g.count) })
            default:
                return nil
            }
        }
    }

    private func floatAggregate(_ fn: String, _ a: [Double], _ groups: [[Int]]) -> QValue? {
        if fn != "sum" && a.contains(where: { $0.isNaN }) { return nil }
        return a.withUnsafeBufferPointer { p -> QValue? in
            switch fn {
            case "sum":
                return .floats(groups.map { g in g.reduce(0.0) { acc, i in p[i].isNaN ? acc : acc + p[i] } })
            case "max":
                return .floats(groups.map { g in g.reduce(-Double.infinity) { max($0, p[$1]) } })
            case "min":
                return .floats(groups.map { g in g.reduce(Double.infinity) { min($0, p[$1]) } })
            case "avg":
                return .floats(groups.map { g in g.reduce(0.0) { $0 + p[$1] } / Double(g.count) })
            default:
                return nil
            }
        }
    }
}
