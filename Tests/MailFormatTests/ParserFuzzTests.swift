import Foundation
import MailFormat
import Testing

/// A small deterministic generator (SplitMix64) so every fuzz run can be repeated from its seed.
struct FuzzRandom {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int {
        bound <= 1 ? 0 : Int(next() % UInt64(bound))
    }
}

/// Mutation fuzzing of the parser, the HTML converter and the address parser over the generated
/// corpus and Samples. It asserts completion, no crash, bounded time per input and output sizes
/// bounded by the input. Runs about 10 s; `TICKETD_FUZZ_SECONDS=N` runs it for N seconds.
@Suite("Parser fuzzing")
struct ParserFuzzTests {
    static let tokens: [[UInt8]] = [
        "=?", "?=", "=?utf-8?q?", "=?utf-8?b?", "\r\n--", "\n--", "--", "\r\n\r\n", "\n\n", "\r\n ", ":", ";", "\"",
        "(", ")", "<", ">", "<table><tr><td>", "</td><td>", "<br>", "<blockquote>", "<!--", "<script>", "&#x", "&auml",
        "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n", "Content-Type: message/rfc822\r\n\r\n",
        "Content-Transfer-Encoding: base64\r\n", "filename*0*=utf-8''%C3", "=\r\n", "=ZZ", "\u{FF}\u{FE}",
    ].map { Array($0.utf8) }

    @Test("mutated messages never crash, hang, or blow up")
    func mutationLoop() throws {
        let seconds = ProcessInfo.processInfo.environment["TICKETD_FUZZ_SECONDS"].flatMap(Double.init) ?? 10
        var seeds: [[UInt8]] = []
        if CorpusSupport.pythonAvailable {
            let corpus = try CorpusSupport.generateCorpus(count: 150)
            defer { try? FileManager.default.removeItem(at: corpus) }
            seeds += try CorpusSupport.emlFiles(in: corpus).map(CorpusSupport.bytes)
        }
        if let samples = CorpusSupport.samplesDirectory {
            seeds += try CorpusSupport.emlFiles(in: samples).map(CorpusSupport.bytes)
        }
        seeds.append(Array("From: a@example.org\r\nSubject: x\r\n\r\nbody\r\n".utf8))

        var random = FuzzRandom(state: 0x5322_2045_2047_2231)
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(seconds * 1000))
        let parser = MessageParser(limits: MessageLimits(maxMessageBytes: 2_000_000))
        var iterations = 0
        var rejected = 0
        var slowest = Duration.zero
        while clock.now < deadline {
            var input = seeds[random.below(seeds.count)]
            for _ in 0...random.below(4) {
                Self.mutate(&input, random: &random, seeds: seeds)
            }
            let started = clock.now
            do {
                let message = try parser.parse(input)
                let limit = input.count * 4 + 1024
                #expect(message.text.utf8.count <= limit)
                #expect((message.html?.utf8.count ?? 0) <= limit)
                #expect(message.attachments.reduce(0) { $0 + $1.size } <= input.count)
                #expect(message.root.allParts.count <= MessageLimits.default.maxParts)
            } catch {
                rejected += 1
            }
            let html = String(decoding: input, as: UTF8.self)
            #expect(HTMLText.text(from: html).utf8.count <= input.count * 4 + 64)
            #expect(AddressListParser.parse(String(decoding: input.prefix(4096), as: UTF8.self)).count <= 4096)
            slowest = max(slowest, clock.now - started)
            iterations += 1
        }
        print("fuzz: \(iterations) mutated inputs from \(seeds.count) seeds in \(seconds) s, " +
              "\(rejected) rejected by limits, slowest input \(slowest)")
        #expect(iterations > 0)
        #expect(slowest < .seconds(3))
    }

    static func mutate(_ input: inout [UInt8], random: inout FuzzRandom, seeds: [[UInt8]]) {
        let position = random.below(input.count + 1)
        switch random.below(8) {
        case 0 where !input.isEmpty:
            for _ in 0...random.below(16) {
                input[random.below(input.count)] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            }
        case 1:
            input.insert(contentsOf: tokens[random.below(tokens.count)], at: position)
        case 2:
            // A long run of one token: the shape that makes naive scanners quadratic.
            let token = tokens[random.below(tokens.count)]
            let run = (0..<(1 + random.below(4000))).flatMap { _ in token }
            input.insert(contentsOf: run.prefix(60_000), at: position)
        case 3:
            input.removeSubrange(position...)
        case 4:
            let other = seeds[random.below(seeds.count)]
            let cut = random.below(other.count + 1)
            input = Array(input[..<position]) + other[cut...]
        case 5 where !input.isEmpty:
            let start = random.below(input.count)
            let end = min(input.count, start + random.below(2000))
            input.insert(contentsOf: input[start..<end], at: position)
        case 6:
            // A boundary copied from the message itself, as a stray delimiter line.
            if let range = Self.find(Array("boundary=\"".utf8), in: input) {
                let start = range.upperBound
                var end = start
                while end < input.count, input[end] != UInt8(ascii: "\""), end - start < 80 { end += 1 }
                let line = Array("\r\n--".utf8) + input[start..<end] + (random.below(2) == 0 ? Array("--".utf8) : []) + [13, 10]
                input.insert(contentsOf: line, at: position)
            }
        default:
            input.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
        }
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Range<Int>? {
        guard needle.count <= bytes.count else { return nil }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<(start + needle.count)].elementsEqual(needle) { return start..<(start + needle.count) }
        }
        return nil
    }
}

/// Inputs built to defeat naive parsers: each must finish quickly and within the limits.
@Suite("Pathological inputs")
struct PathologicalInputTests {
    func elapsed(_ work: () -> Void) -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        work()
        return clock.now - start
    }

    @Test("100,000 nested multiparts are refused as too deep")
    func deepNesting() {
        var bytes: [UInt8] = []
        for level in 0..<100_000 {
            bytes += Array("Content-Type: multipart/mixed; boundary=b\(level)\r\n\r\n--b\(level)\r\n".utf8)
        }
        let time = elapsed {
            #expect(throws: MessageRejection.tooDeep(limit: 32)) { try MessageParser().parse(bytes) }
        }
        #expect(time < .seconds(5))
    }

    @Test("many sibling parts are refused as too many")
    func manyParts() {
        var bytes = Array("Content-Type: multipart/mixed; boundary=x\r\n\r\n".utf8)
        for _ in 0..<50_000 { bytes += Array("--x\r\n\r\nx\r\n".utf8) }
        #expect(throws: MessageRejection.tooManyParts(limit: 1000)) { try MessageParser().parse(bytes) }
    }

    @Test("the size limit is checked before anything else")
    func tooLarge() {
        let parser = MessageParser(limits: MessageLimits(maxMessageBytes: 100))
        #expect(throws: MessageRejection.tooLarge(bytes: 101, limit: 100)) { try parser.parse([UInt8](repeating: 0, count: 101)) }
    }

    @Test("a 1 MB header line is read quickly")
    func hugeHeaderLine() throws {
        let bytes = Array("Subject: ".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000) + Array("\r\n\r\nbody".utf8)
        var message: Message?
        let time = elapsed { message = try? MessageParser().parse(bytes) }
        #expect(message?.subject?.utf8.count == 1_000_000)
        #expect(message?.text == "body")
        #expect(time < .seconds(5))
    }

    @Test("10,000 encoded words and 300,000 unterminated ones decode in linear time")
    func manyEncodedWords() throws {
        let words = String(repeating: "=?utf-8?q?J=C3=B6rg?= ", count: 10_000)
        var message: Message?
        let time = elapsed { message = try? MessageParser().parse(Array("Subject: \(words)\r\n\r\n".utf8)) }
        #expect(message?.subject == String(repeating: "Jörg", count: 10_000))
        let open = String(repeating: "=?", count: 300_000)
        let time2 = elapsed { _ = EncodedWords.decode(open) }
        let time3 = elapsed { _ = EncodedWords.decode(String(repeating: "=?a?q?", count: 100_000)) }
        #expect(time + time2 + time3 < .seconds(5))
    }

    @Test("hostile HTML converts in linear time with bounded output")
    func hostileHTML() {
        let inputs = [
            String(repeating: "<table><tr><td>", count: 30_000) + "x",
            String(repeating: "<blockquote>", count: 20_000) + String(repeating: "x<br>", count: 20_000),
            String(repeating: "<ul><li>", count: 20_000) + "x",
            String(repeating: "&#", count: 100_000),
            "<!--" + String(repeating: "-", count: 100_000),
            String(repeating: "<script>", count: 50_000),
            String(repeating: "<head>", count: 50_000),
            String(repeating: "<a href=\"", count: 50_000),
            String(repeating: "<", count: 200_000),
        ]
        for html in inputs {
            var output = ""
            let time = elapsed { output = HTMLText.text(from: html) }
            #expect(time < .seconds(3))
            #expect(output.utf8.count <= html.utf8.count * 4 + 64)
        }
    }

    @Test("hostile address lists parse in linear time")
    func hostileAddresses() {
        let inputs = [
            String(repeating: "(", count: 100_000),
            String(repeating: "<", count: 100_000),
            String(repeating: "\"a\\", count: 50_000),
            String(repeating: "a@example.org, ", count: 20_000),
            String(repeating: "Group: ", count: 20_000),
        ]
        for value in inputs {
            let time = elapsed { _ = AddressListParser.parse(value) }
            #expect(time < .seconds(3))
        }
    }
}
