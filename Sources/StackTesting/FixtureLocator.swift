import Foundation

/// Finds the project's `Fixtures/` folder and the shared corpora beside the checkout.
public enum FixtureLocator {
    /// The repository root, found from this source file's path.
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `Fixtures/` in the repository.
    public static var fixtures: URL { repositoryRoot.appendingPathComponent("Fixtures") }

    /// `../shared/corpora` beside the checkout, or nil (tests then skip with a visible message).
    public static var sharedCorpora: URL? {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpora")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The bytes of a file below `Fixtures/`.
    public static func fixture(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(relativePath)))
    }

    /// The files (sorted, recursively) below a folder.
    public static func files(in folder: URL) -> [URL] {
        guard let e = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return e.compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.path < $1.path }
    }

    /// Reads a tab-separated manifest (first line is the header) into rows keyed by column name.
    public static func manifest(_ url: URL) throws -> [[String: String]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return lines.map { line in
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            var row: [String: String] = [:]
            for (k, v) in zip(header, cols) { row[k] = v }
            return row
        }
    }
}
