import StackCore

extension SIPMessage {
    /// The message in canonical wire form: known headers under their long names, values as held,
    /// and exactly one Content-Length giving the body's size (in the place of the first one, or last).
    public func serialized() -> [UInt8] {
        var w = ByteWriter(capacity: 256 + headers.count * 48 + body.count)
        serialize(into: &w)
        return w.finish()
    }

    /// Appends the canonical wire form to `w`.
    public func serialize(into w: inout ByteWriter) {
        switch startLine {
        case .request(let r):
            w.write(string: r.method.rawValue)
            w.write(byte: ASCII.space)
            w.write(r.uriText)
            w.write(byte: ASCII.space)
            writeVersion(r.version, into: &w)
        case .response(let s):
            writeVersion(s.version, into: &w)
            w.write(byte: ASCII.space)
            w.write(decimal: s.status.rawValue)
            w.write(byte: ASCII.space)
            w.write(s.reason)
        }
        w.writeCRLF()
        var wroteLength = false
        for e in headers.entries {
            if e.code == HeaderCode.contentLength {
                if !wroteLength { writeContentLength(into: &w) }
                wroteLength = true
                continue
            }
            if e.code != 0 { w.write(string: KnownHeaders.table[Int(e.code)].name) } else { w.write(headers.nameBytes(e)) }
            w.write(literal: ": ")
            w.write(headers.valueBytes(e))
            w.writeCRLF()
        }
        if !wroteLength { writeContentLength(into: &w) }
        w.writeCRLF()
        w.write(body)
    }

    private func writeVersion(_ v: SIPVersion, into w: inout ByteWriter) {
        w.write(literal: "SIP/")
        w.write(decimal: v.major)
        w.write(byte: 0x2E)
        w.write(decimal: v.minor)
    }

    private func writeContentLength(into w: inout ByteWriter) {
        w.write(literal: "Content-Length: ")
        w.write(decimal: body.count)
        w.writeCRLF()
    }
}
