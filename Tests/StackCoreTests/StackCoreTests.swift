import StackCore
import Testing

@Suite struct StackCoreTests {
    @Test func byteStringComparesBytesNotPositions() {
        let whole: [UInt8] = Array("xxabcxx".utf8)
        let slice = ByteString(whole[2..<5])
        #expect(slice == "abc" && slice.hashValue == ByteString("abc").hashValue)
        #expect(slice.equalsIgnoringCase("ABC") && slice.equalsIgnoringCase(text: "aBc"))
        #expect(ByteString("0068").decimalValue() == 68)
        #expect(ByteString("4294967296").decimalValue() == nil)
        #expect(ByteString("").decimalValue() == nil && ByteString("1a").decimalValue() == nil)
        #expect(ByteString("99999999999999999999999").decimalValue(limit: .max) == nil)
    }

    @Test func writerAndReader() {
        var w = ByteWriter()
        w.write(literal: "n=")
        w.write(decimal: 0)
        w.write(byte: 0x20)
        w.write(decimal: -42)
        w.write(byte: 0x20)
        w.write(decimal: Int.max)
        w.writeCRLF()
        #expect(String(decoding: w.bytes, as: UTF8.self) == "n=0 -42 9223372036854775807\r\n")
        var r = ByteReader([0x12, 0x34, 0xAB, 0xCD, 0xEF, 0x01, 0x02])
        let a = r.readUInt16(), b = r.readUInt32(), c = r.readUInt32()
        #expect(a == 0x1234 && b == 0xABCD_EF01 && c == nil && r.remaining == 1)
        let d = r.readByte(), e = r.readByte(), skipped = r.skip(1)
        #expect(d == 0x02 && e == nil && r.isAtEnd && !skipped)
    }

    /// RFC 1982 §3.2 with 16-bit counters across the wrap.
    @Test func serialArithmetic() {
        #expect(SerialNumber.isLess(UInt16(65535), UInt16(0)))
        #expect(!SerialNumber.isLess(UInt16(0), UInt16(65535)))
        #expect(SerialNumber.isLess(UInt16(100), UInt16(200)))
        #expect(SerialNumber.distance(from: UInt16(65530), to: UInt16(5)) == 11)
        #expect(SerialNumber.distance(from: UInt16(5), to: UInt16(65530)) == -11)
        #expect(SerialNumber.isLess(UInt32.max, UInt32(3)))
        #expect(SerialNumber.distance(from: UInt32(10), to: UInt32(4)) == -6)
    }

    @Test func boundedQueueRefusesPastCapacity() {
        var q = BoundedQueue<Int>(capacity: 3)
        let pushed = [q.push(1), q.push(2), q.push(3), q.push(4)]
        #expect(pushed == [true, true, true, false] && q.isFull && q.count == 3)
        let first = q.pop(), again = q.push(5)
        #expect(first == 1 && again)
        let rest = [q.pop(), q.pop(), q.pop(), q.pop()]
        #expect(rest == [2, 3, 5, nil])
        #expect(q.isEmpty)
    }

    @Test func instantsSaturate() {
        let t = Instant(nanoseconds: 1_000)
        #expect((t + .milliseconds(500)).nanoseconds == 500_001_000)
        #expect((t + .seconds(Int64.max)).nanoseconds == Int64.max)
        #expect((Instant(nanoseconds: 3_000) - t) == .nanoseconds(2_000))
        let a = MonotonicClock().now(), b = MonotonicClock().now()
        #expect(a <= b)
    }

    struct Counter: RandomSource {
        var n: UInt64 = 0
        mutating func next64() -> UInt64 { n &+= 0x9E37_79B9_7F4A_7C15; return n }
    }

    @Test func randomSourceIsInjectable() {
        var a = Counter(), b = Counter()
        #expect(a.token(count: 10) == b.token(count: 10))
        var s = SystemRandomSource()
        let v = s.integer(in: 5...9)
        #expect((5...9).contains(v))
        #expect(s.token(count: 16).count == 16)
    }
}
