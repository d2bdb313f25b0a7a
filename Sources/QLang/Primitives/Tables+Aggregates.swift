import QCore

extension Interpreter {
    /// Per-group aggregation without evaluating the phrase once per group, for the
    /// common `agg column` phrases; nil when the phrase is not one of them.
    func fastAggregate(_ p: Phrase, _ t: FlatTable, _ groups: [[Int]]) throws -> QValue? {
        nil
    }
}
