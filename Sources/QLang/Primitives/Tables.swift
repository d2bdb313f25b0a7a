import QCore

enum Tables {
    static func register(_ r: inout Registry) {}
}
