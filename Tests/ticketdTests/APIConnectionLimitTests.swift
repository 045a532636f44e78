import Foundation
import TestSupport
import Testing

/// Issue 17, slow clients and too many connections, against the real daemon: `[api]
/// max_connections` and `request_timeout` on the staff socket, probed with raw connections (a
/// small Python program) so that nothing between the test and the socket hides what happens.
///
/// The daemon needs no mail server here: its IMAP server is a closed port, so every poll fails at
/// once and backs off, while the API serves root, whose `[[staff]]` account is an admin.
@Suite("The staff socket: connection limit and request deadline", .serialized)
struct APIConnectionLimitTests {
    /// `serve` with root as a member of staff and `api` added to `[api]`.
    final class Running {
        let fixture: ConfigFixture
        let daemon: DaemonProcess
        let socket: String

        init(api: String) throws {
            let fixture = ConfigFixture { text in
                text.replacingOccurrences(of: "url = \"imaps://mail.example.com:993\"", with: "url = \"imaps://127.0.0.1:1\"")
                    + "\n[[staff]]\nname = \"root\"\nunix_user = \"root\"\nrole = \"admin\"\n\n[api]\nsocket = \"api.sock\"\nsocket_group = \"root\"\n" + api
            }
            self.fixture = fixture
            socket = fixture.directory.file("api.sock")
            daemon = try DaemonProcess(["serve", "--config", fixture.configPath], logPath: fixture.directory.file("serve.log"))
            try #require(waitFor(30) { !daemon.events("api.listening").isEmpty }, "the API did not start: \(daemon.log)")
        }

        deinit { daemon.signal(SIGKILL) }

        /// Runs `program` (Python) with the socket as its argument; its last line of output is JSON.
        func probe(_ program: String) throws -> [String: Any] {
            let result = Shell.run("/usr/bin/python3", ["-c", Self.helpers + program, socket])
            let last = result.output.split(separator: "\n").last.map(String.init) ?? ""
            let object = try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
            return try #require(object, "the probe failed (\(result.status)): \(result.output)\n\(daemon.log)")
        }

        /// Connecting, asking, and seeing the daemon close, in plain sockets.
        static let helpers = """
            import json, socket, sys, time
            path = sys.argv[1]
            REQUEST = b"GET /v1/me HTTP/1.1\\r\\nHost: ticketd\\r\\n\\r\\n"

            def connect():
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(path)
                return s

            def closed(s, wait):
                \"\"\"(True, bytes) when the daemon closed within `wait` s; what it sent before.\"\"\"
                s.settimeout(wait)
                data = b""
                try:
                    while True:
                        chunk = s.recv(4096)
                        if not chunk:
                            return True, data
                        data += chunk
                except socket.timeout:
                    return False, data
                except OSError:
                    return True, data

            def status(s):
                \"\"\"The status of one GET /v1/me on `s` (the answer read whole), or None.\"\"\"
                s.settimeout(10)
                try:
                    s.sendall(REQUEST)
                    data = b""
                    while b"\\r\\n\\r\\n" not in data:
                        chunk = s.recv(4096)
                        if not chunk:
                            return None
                        data += chunk
                    head, _, body = data.partition(b"\\r\\n\\r\\n")
                    length = [int(l.split(b":")[1]) for l in head.split(b"\\r\\n") if l.lower().startswith(b"content-length:")]
                    while length and len(body) < length[0]:
                        body += s.recv(4096)
                    return int(head.split(b" ")[1])
                except OSError:
                    return None

            """
    }

    /// The `refused` count of a log line (numbers may be logged as numbers or as strings).
    static func number(_ value: Any?) -> Int? { value.flatMap { Int("\($0)") } }

    @Test("max_connections = 4: four idle connections are held, the fifth and a flood are closed without an answer and logged once a second; then served again")
    func connectionLimit() throws {
        let running = try Running(api: "max_connections = 4")
        let result = try running.probe("""
            held = [connect() for _ in range(4)]
            time.sleep(0.5)
            fifth = connect()
            try:
                fifth.sendall(REQUEST)
            except OSError:
                pass
            fifth_closed, fifth_answer = closed(fifth, 5)
            # A flood well within a second: each is closed too.
            flood = []
            for _ in range(20):
                s = connect()
                flood.append(closed(s, 5))
            time.sleep(1.2)
            last_closed, _ = closed(connect(), 5)
            held_open = sum(1 for s in held if not closed(s, 0.2)[0])
            held_status = status(held[0])
            for s in held:
                s.close()
            again = None
            deadline = time.monotonic() + 5
            while again != 200 and time.monotonic() < deadline:
                again = status(connect())
                if again != 200:
                    time.sleep(0.1)
            print(json.dumps({"fifth_closed": fifth_closed, "fifth_answer": fifth_answer.decode("latin-1"),
                              "flood_closed": sum(1 for c, d in flood if c and not d), "last_closed": last_closed,
                              "held_open": held_open, "held_status": held_status, "again": again}))
            """)
        #expect(result["fifth_closed"] as? Bool == true, "the fifth connection must be closed: \(result)")
        #expect(result["fifth_answer"] as? String == "", "the fifth must get no HTTP answer: \(result)")
        #expect(result["flood_closed"] as? Int == 20 && result["last_closed"] as? Bool == true, "\(result)")
        #expect(result["held_open"] as? Int == 4 && result["held_status"] as? Int == 200, "the four are held and served: \(result)")
        #expect(result["again"] as? Int == 200, "after the four closed, a new connection must be served: \(result)")

        // 22 refusals in about two seconds: the first logged at once, the flood's folded into the
        // next line (two lines; three should the flood itself straddle a second on a busy machine).
        let refused = running.daemon.events("api.connection_refused")
        let counts = refused.compactMap { Self.number($0["refused"]) }
        #expect((2...3).contains(refused.count) && counts.first == 1 && counts.reduce(0, +) == 22, "\(refused)")
        #expect(refused.allSatisfy { Self.number($0["limit"]) == 4 && $0["level"] as? String == "notice" }, "\(refused)")
    }

    @Test("request_timeout = PT2S: a header or a body trickled a byte a second is cut off within seconds, unanswered; a prompt client on another connection is answered, again and again")
    func requestTimeout() throws {
        let running = try Running(api: "request_timeout = \"PT2S\"")
        let result = try running.probe("""
            def trickle(start, rest):
                \"\"\"Sends `start`, then `rest` a byte a second; the seconds until the daemon closed (or None after 12 s).\"\"\"
                s = connect()
                began = time.monotonic()
                s.sendall(start)
                answer = b""
                for byte in rest[:12]:
                    done, data = closed(s, 1.0)
                    answer += data
                    if done:
                        return round(time.monotonic() - began, 1), answer.decode("latin-1")
                    try:
                        s.sendall(bytes([byte]))
                    except OSError:
                        return round(time.monotonic() - began, 1), answer.decode("latin-1")
                return None, answer.decode("latin-1")

            import threading
            results = {}
            def slow_head():
                results["head"] = trickle(b"GET /v1/me HTTP/1.1\\r\\n", b"Host: ticketd\\r\\nX-Slow: yes\\r\\n\\r\\n")
            def slow_body():
                results["body"] = trickle(b"POST /v1/tickets/1/close HTTP/1.1\\r\\nHost: ticketd\\r\\nContent-Type: application/json\\r\\nContent-Length: 20\\r\\n\\r\\n",
                                          b"{\\"comment\\": \\"slow\\"}  ")
            threads = [threading.Thread(target=slow_head), threading.Thread(target=slow_body)]
            for t in threads:
                t.start()
            # Meanwhile, on a connection of its own, a prompt client: one request every 1.5 s,
            # four in all, longer together than the timeout.
            time.sleep(0.5)
            prompt = connect()
            statuses = []
            for _ in range(4):
                statuses.append(status(prompt))
                time.sleep(1.5)
            for t in threads:
                t.join()
            print(json.dumps({"head": results["head"], "body": results["body"], "prompt": statuses}))
            """)
        let head = result["head"] as? [Any], body = result["body"] as? [Any]
        for (name, outcome) in [("header", head), ("body", body)] {
            let seconds = (outcome?.first as? NSNumber)?.doubleValue
            #expect(seconds.map { $0 >= 1.5 && $0 <= 5 } == true, "a trickled \(name) must be cut off 2 s after the start: \(result)")
            #expect(outcome?.last as? String == "", "a trickled \(name) must get no answer: \(result)")
        }
        #expect(result["prompt"] as? [Int] == [200, 200, 200, 200], "\(result)")
        let timeouts = running.daemon.events("api.request_timeout")
        #expect(Set(timeouts.compactMap { $0["stage"] as? String }) == ["head", "body"], "\(timeouts)")
        #expect(timeouts.allSatisfy { Self.number($0["timeout_seconds"]) == 2 }, "\(timeouts)")
    }
}
