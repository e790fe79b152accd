import StackCore

/// Content-Type (RFC 3261 §20.15): a media type with parameters.
public struct SIPContentType: SIPHeaderValue, Hashable, CustomStringConvertible {
    /// The value as written.
    public let text: ByteString
    let typeRange: Range<Int>, subtypeRange: Range<Int>
    /// The m-parameters.
    public let parameters: SIPParameters

    /// The type (`application`).
    public var type: ByteString { text[typeRange] }
    /// The subtype (`sdp`).
    public var subtype: ByteString { text[subtypeRange] }
    /// `type/subtype` in lower case, for comparisons.
    public var mediaType: String { "\(type)/\(subtype)".lowercased() }
    /// The `boundary` parameter of a multipart type, unquoted.
    public var boundary: ByteString? { parameters["boundary"]?.unquotedValue }
    /// The `charset` parameter, unquoted.
    public var charset: ByteString? { parameters["charset"]?.unquotedValue }
    public var description: String { text.string }

    public init(parsing value: ByteString, header: SIPHeaderName = .contentType, limits: SIPParserLimits) throws(SIPParseError) {
        let (type, subtype, parameters) = try Scanner.scan(value.bytes, header: header) { (s) throws(SIPParseError) in
            s.skipLWS()
            let type = try s.requireToken("media type")
            guard s.consumeSeparator(0x2F) else { throw s.error("expected '/' in media type") }
            let subtype = try s.requireToken("media subtype")
            let parameters = try ParameterGrammar.validate(&s, style: .header, limit: limits.maxParameters)
            try s.expectEnd()
            return (type, subtype, parameters)
        }
        // Built once from locals: piecewise assignment in a throwing init copied the value out.
        self.init(text: value, typeRange: type, subtypeRange: subtype,
                  parameters: SIPParameters(text: value[parameters], style: .header))
    }

    private init(text: ByteString, typeRange: Range<Int>, subtypeRange: Range<Int>, parameters: SIPParameters) {
        self.text = text
        self.typeRange = typeRange
        self.subtypeRange = subtypeRange
        self.parameters = parameters
    }

    /// Parses a media type such as `application/sdp`.
    public init(_ mediaType: String) throws(SIPParseError) {
        try self.init(parsing: ByteString(mediaType), header: .contentType, limits: .default)
    }
}
