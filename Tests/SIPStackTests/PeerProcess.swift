import Foundation

/// Starting a real peer (Kamailio, baresip) from the tests.
enum PeerProcess {
    /// Points `process` at `path` with `arguments`, started through python3: the test process's
    /// threads block SIGTERM and a spawned child keeps that mask, so the peer would never see the
    /// signal that stops it; python3 clears the mask and execs it.
    static func configure(_ process: Process, path: String, arguments: [String]) {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, set()); os.execv(sys.argv[1], sys.argv[1:])",
                             path] + arguments
    }
}
