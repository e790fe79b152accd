/// The header extension of an RTP packet (RFC 3550 §5.3.1): a 16-bit profile value and data in
/// 32-bit words. RFC 8285 profiles carry identified elements, read by ``elements()``.
public struct RTPHeaderExtension: Sendable, Hashable {
    /// The profile-defined 16 bits: 0xBEDE for RFC 8285 one-byte elements, 0x100X for two-byte ones.
    public var profile: UInt16
    /// The extension data (a multiple of 4 bytes), sharing the packet's storage when parsed.
    public var data: ArraySlice<UInt8>

    /// An extension from parts; `data` is padded with zero bytes to a multiple of 4 when serialized.
    public init(profile: UInt16, data: ArraySlice<UInt8>) {
        self.profile = profile
        self.data = data
    }

    /// The RFC 8285 profile value for one-byte elements.
    public static let oneByteProfile: UInt16 = 0xBEDE

    /// True for the one-byte form (RFC 8285 §4.2).
    public var isOneByte: Bool { profile == Self.oneByteProfile }
    /// True for the two-byte form (RFC 8285 §4.3: 0x100 followed by four application bits).
    public var isTwoByte: Bool { profile & 0xFFF0 == 0x1000 }

    /// The RFC 8285 elements in order; nil when the profile is neither form. Padding bytes are skipped;
    /// a one-byte ID of 15 ends the list (§4.2). An element running past the data throws.
    public func elements() throws(RTPError) -> [RTPHeaderExtensionElement]? {
        guard isOneByte || isTwoByte else { return nil }
        var out: [RTPHeaderExtensionElement] = []
        var i = data.startIndex
        while i < data.endIndex {
            let b = data[i]
            if b == 0 { i += 1; continue }  // padding
            let id: UInt8, length: Int, start: Int
            if isOneByte {
                id = b >> 4
                if id == 15 { break }
                length = Int(b & 0x0F) + 1
                start = i + 1
            } else {
                guard i + 1 < data.endIndex else { throw RTPError(.invalidExtension, at: i) }
                id = b
                length = Int(data[i + 1])
                start = i + 2
            }
            guard start + length <= data.endIndex else { throw RTPError(.invalidExtension, at: i) }
            out.append(RTPHeaderExtensionElement(id: id, value: data[start..<(start + length)]))
            i = start + length
        }
        return out
    }

    /// An RFC 8285 extension holding `elements`: the one-byte form when every ID is 1–14 and every
    /// value 1–16 bytes, else the two-byte form. Throws when an element fits neither (ID 0, over 255 bytes).
    public init(elements: [RTPHeaderExtensionElement]) throws(RTPError) {
        let oneByte = elements.allSatisfy { (1...14).contains($0.id) && (1...16).contains($0.value.count) }
        var bytes: [UInt8] = []
        for e in elements {
            guard e.id != 0, e.value.count <= 255 else { throw RTPError(.doesNotFit, at: 0) }
            if oneByte {
                bytes.append(e.id << 4 | UInt8(e.value.count - 1))
            } else {
                bytes.append(e.id)
                bytes.append(UInt8(e.value.count))
            }
            bytes.append(contentsOf: e.value)
        }
        while bytes.count % 4 != 0 { bytes.append(0) }
        self.init(profile: oneByte ? Self.oneByteProfile : 0x1000, data: bytes[...])
    }
}

/// One RFC 8285 element: a local identifier (negotiated by `a=extmap`) and its value.
public struct RTPHeaderExtensionElement: Sendable, Hashable {
    /// The identifier: 1–14 in the one-byte form, 1–255 in the two-byte form.
    public var id: UInt8
    /// The value bytes.
    public var value: ArraySlice<UInt8>

    /// An element from parts.
    public init(id: UInt8, value: ArraySlice<UInt8>) {
        self.id = id
        self.value = value
    }
}
