/// Bytes from annotated hex: pairs of hex digits, with everything after `//` on a line ignored
/// (STYLE.md §1: wire bytes written out and explained field by field).
func hex(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    for line in text.split(separator: "\n") {
        let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        for pair in code.split(separator: " ") { out.append(UInt8(pair, radix: 16)!) }
    }
    return out
}
