/// A typed view of a header value, parsed from the value's bytes.
public protocol SIPHeaderValue: Sendable {
    /// Parses one value (one list element for list headers); `header` names the field in errors.
    init(parsing value: ByteString, header: SIPHeaderName, limits: SIPParserLimits) throws(SIPParseError)
}

extension SIPHeaderValue {
    /// Parses one value with default limits.
    public init(parsing value: ByteString, header: SIPHeaderName) throws(SIPParseError) {
        try self.init(parsing: value, header: header, limits: .default)
    }
}

import StackCore
